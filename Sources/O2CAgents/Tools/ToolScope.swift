import O2CCore
import O2CLedger

/// Whose data a run may see and touch: everything, or for a sales rep only the customers they
/// own and the documents of those customers. The one place a tool call's ids are checked
/// (`ToolRegistry.call` asks it before any tool runs, read or write).
public struct ToolScope: Sendable {
    /// Only customers owned by this user; nil means every customer.
    public let owner: String?

    /// A scope.
    public init(owner: String? = nil) { self.owner = owner }

    /// Everything.
    public static let all = ToolScope()

    /// The one answer for a document outside the scope and for a missing one, so neither its
    /// existence nor its owner leaks: `no order SO-1042 in your accounts`.
    public static func refusal(_ kind: String, _ id: String) -> String { "no \(kind) \(id) in your accounts" }

    /// Why a call with these arguments is refused (nil when it may run). Every id it names, at
    /// any depth (`order_id`, `allocations[].invoice_id`, `invoice_ids[]`, ...), must resolve to
    /// a customer this scope owns; a write must name at least one. Runs on a ledger thread.
    func refusal(for args: JSONObject, effect: AgentTool.Effect, ledger: Ledger) -> String? {
        guard let owner else { return nil }
        var ids: [(kind: String, id: String)] = []
        Self.collectIDs(.object(args), into: &ids)
        if ids.isEmpty {
            return effect == .write ? "name the customer (customer_id) or its document: you may only change your own customers' books" : nil
        }
        var checked: Set<String> = []
        for (kind, id) in ids where checked.insert(id).inserted {
            guard let found = try? ledger.documentOwner(id), found.owner == owner else { return Self.refusal(kind, id) }
        }
        return nil
    }

    /// `(kind, id)` for every `…_id` string and `…_ids` string list in `value`; the kind is the
    /// member's name without the suffix (`credit_note_id` → `credit note`).
    static func collectIDs(_ value: JSONValue, into ids: inout [(kind: String, id: String)]) {
        switch value {
        case .object(let o):
            for (key, member) in o.members {
                if key.hasSuffix("_id"), let id = member.stringValue {
                    ids.append((kind(key.dropLast(3)), id))
                } else if key.hasSuffix("_ids"), let list = member.arrayValue {
                    let k = kind(key.dropLast(4))
                    for item in list { if let id = item.stringValue { ids.append((k, id)) } }
                } else {
                    collectIDs(member, into: &ids)
                }
            }
        case .array(let items):
            for item in items { collectIDs(item, into: &ids) }
        default:
            return
        }
    }

    private static func kind(_ stem: Substring) -> String { stem.replacingOccurrences(of: "_", with: " ") }
}
