import O2CCore
import O2CLedger

/// What the caller may see and touch: everything, or for a sales rep only the customers they
/// own and the documents and approval requests about those customers. For a rep, a missing id
/// and another rep's id get the same 403 `outside_scope` answer, so nothing leaks, not even
/// whether the id exists. Runs on a ledger thread (`API.inScope`).
struct CallerScope {
    let ledger: Ledger
    let user: User

    /// The owner a sales rep is restricted to; nil for every other role.
    var owner: String? { user.role == .salesRep ? user.name : nil }

    /// Whether the caller may see customer `id` (false for a missing one).
    func owns(_ customerID: String?) throws -> Bool {
        guard let owner else { return true }
        guard let customerID else { return false }
        return try ledger.customerOwner(customerID) == owner
    }

    /// A document read by id whose `customer_id` the caller may see; the read and the owner's
    /// check share one read transaction.
    func document<T: CustomerDocument>(_ what: String, _ id: String, _ read: (String) throws(LedgerError) -> T) throws -> T {
        try ledger.readingTogether {
            let doc = try found(what, id, read)
            guard try owns(doc.documentCustomerID) else { throw APIError.outsideScope("\(what) \(id)") }
            return doc
        }
    }

    func customer(_ id: String) throws -> CustomerView {
        let doc = try found("customer", id) { (id) throws(LedgerError) in try ledger.customer(id) }
        if let owner, doc.owner != owner { throw APIError.outsideScope("customer \(id)") }
        return doc
    }

    /// 403 for a rep when the document is missing (as for a foreign one), 404 for others.
    private func found<T>(_ what: String, _ id: String, _ read: (String) throws(LedgerError) -> T) throws -> T {
        let doc: T
        do { doc = try read(id) } catch let e where e.code == .notFound {
            if owner != nil { throw APIError.outsideScope("\(what) \(id)") }
            throw APIError.notFound("\(what) \(id) does not exist")
        } catch {
            throw error  // spelled out: without it Swift 6.3.1 crashes (MandatoryAllocBoxToStack)
        }
        return doc
    }

    func approval(_ id: String) throws -> JSONValue {
        try document("approval request", id) { (id) throws(LedgerError) in try ledger.approvalRequest(id) }
    }

    /// The queue as `approvals list --json` (at most `limit`, all when nil), for a rep only the
    /// requests on their customers (filtered before the limit, so a rep's list is never cut short).
    func approvals(status: String?, role: String?, limit: Int?) throws -> [JSONValue] {
        guard owner != nil else { return try ledger.approvalRequests(status: status, role: role, limit: limit ?? Int.max) }
        var owned: [String: Bool] = [:]
        var visible: [JSONValue] = []
        for r in try ledger.approvalRequests(status: status, role: role, limit: Int.max) {
            if let limit, visible.count >= limit { break }
            guard let id = r["customer_id"]?.stringValue else { continue }
            let mine: Bool
            if let known = owned[id] { mine = known } else { mine = try owns(id) }
            owned[id] = mine
            if mine { visible.append(r) }
        }
        return visible
    }

    /// For a rep: every customer, order, invoice and payment id in an action's arguments (at any
    /// depth, and `invoice_ids`) must belong to one of the rep's customers, else 403 as for a read.
    func checkArguments(_ args: JSONValue) throws {
        guard owner != nil else { return }
        for (kind, id) in Self.documentIDs(in: args) {
            switch kind {
            case "customer_id": _ = try customer(id)
            case "order_id": _ = try document("order", id) { (id) throws(LedgerError) in try ledger.order(id) }
            case "invoice_id": _ = try document("invoice", id) { (id) throws(LedgerError) in try ledger.invoice(id) }
            default: _ = try document("payment", id) { (id) throws(LedgerError) in try ledger.payment(id) }
            }
        }
    }

    /// `(customer_id | order_id | invoice_id | payment_id, id)` for every such member in `value`.
    static func documentIDs(in value: JSONValue) -> [(String, String)] {
        switch value {
        case .object(let o):
            return o.flatMap { m -> [(String, String)] in
                if ["customer_id", "order_id", "invoice_id", "payment_id"].contains(m.key), let id = m.value.stringValue { return [(m.key, id)] }
                if m.key == "invoice_ids", let ids = m.value.arrayValue { return ids.compactMap { $0.stringValue.map { ("invoice_id", $0) } } }
                return documentIDs(in: m.value)
            }
        case .array(let a): return a.flatMap { documentIDs(in: $0) }
        default: return []
        }
    }
}
