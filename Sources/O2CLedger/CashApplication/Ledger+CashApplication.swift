import GRDB
import O2CCore

/// What the cash-application engine reads, and its match records (not books: a proposal changes
/// nothing; applications go through the gate as `apply_payment`).
extension Ledger {
    /// Every open invoice, every customer's name and the known payer accounts, in one read.
    public func cashApplicationSnapshot() throws(LedgerError) -> CashApplicationSnapshot {
        try read { db in
            let invoices = try Self.openInvoices(db, where: "", arguments: [])
            let (customers, accounts) = try Self.cashApplicationParties(db)
            return CashApplicationSnapshot(invoices: invoices, customers: customers, knownAccounts: accounts)
        }
    }

    /// Every customer's name, the known payer accounts and only the open invoices `scope` picks
    /// from them, in one read (one state of the ledger): what one payment's proposal looks at.
    /// `scope` runs inside the read transaction; keep it to computation.
    public func cashApplicationSnapshot(scopedBy scope: (CashApplicationSnapshot) -> CashInvoiceScope) throws(LedgerError) -> CashApplicationSnapshot {
        try read { db in
            let (customers, accounts) = try Self.cashApplicationParties(db)
            let s = scope(CashApplicationSnapshot(invoices: [], customers: customers, knownAccounts: accounts))
            // Each part through an index (the customer's open invoices, the id, the owners of the
            // named invoices); only an amount is looked for across every open invoice.
            var rows: [Int64: OpenInvoice] = [:]
            func take(_ found: [(Int64, OpenInvoice)]) { for (rowid, inv) in found { rows[rowid] = inv } }
            let named = try s.invoiceIDs.sorted().flatMap { id in try Self.openInvoicesWithRowID(db, where: "AND i.id = ?", arguments: [id]) }
            take(named)
            for customer in s.customers.union(named.map(\.1.customerID)).sorted() {
                take(try Self.openInvoicesWithRowID(db, where: "AND i.customer_id = ?", arguments: [customer]))
            }
            if let amount = s.amount {
                take(try Self.openInvoicesWithRowID(db, where: "AND i.currency = ? AND i.open_minor = ?", arguments: [amount.currency, amount.minor]))
            }
            let invoices = rows.sorted { $0.key < $1.key }.map(\.value)
            return CashApplicationSnapshot(invoices: invoices, customers: customers, knownAccounts: accounts)
        }
    }

    private static func openInvoices(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [OpenInvoice] {
        try openInvoicesWithRowID(db, where: condition, arguments: arguments).map(\.1)
    }

    /// Open invoices with their row ids (the snapshot's order), `condition` an `AND …` on `i`.
    private static func openInvoicesWithRowID(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [(Int64, OpenInvoice)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT i.rowid, i.id, i.customer_id, i.currency, i.open_minor, i.total_minor, i.due_date, i.order_id, o.external_ref
            FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.open_minor > 0 \(condition) ORDER BY i.rowid
            """), arguments: arguments).map { r in
            (r[0], OpenInvoice(id: r[1], customerID: r[2], currency: r[3], openMinor: r[4], totalMinor: r[5],
                               dueDate: BusinessDate(iso: r[6]) ?? BusinessDate(dayNumber: 0), orderID: r[7], externalRef: r[8]))
        }
    }

    /// Every customer's name, and the payer accounts of applied payments with their customers.
    private static func cashApplicationParties(_ db: Database) throws -> ([CustomerName], [String: Set<String>]) {
        let customers = try Row.fetchAll(db, sql: "SELECT id, name FROM customers ORDER BY rowid").map { CustomerName(id: $0[0], name: $0[1]) }
        var accounts: [String: Set<String>] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT DISTINCT payer_account, customer_id FROM payments
            WHERE payer_account IS NOT NULL AND customer_id IS NOT NULL AND applied_minor > 0
            """) {
            accounts[r[0], default: []].insert(r[1])
        }
        return (customers, accounts)
    }

    /// Payments the engine should look at: nothing applied yet (a payment someone already
    /// applied in part keeps its remainder as unapplied cash for a person) and no proposal of the
    /// engine applied or waiting for approval. With `ids`, only those (in that order).
    public func paymentsForMatching(ids: [String]? = nil, limit: Int = 1_000_000) throws(LedgerError) -> [PaymentForMatching] {
        try read { db in
            let ex = try Exponents(db)
            let decided = "NOT EXISTS (SELECT 1 FROM cash_matches m WHERE m.payment_id = p.id AND m.status IN ('applied', 'pending_approval'))"
            let rows: [Row]
            if let ids {
                rows = try ids.compactMap { id in
                    try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM payments p WHERE p.id = ? AND p.applied_minor = 0 AND \(decided)"),
                                     arguments: [id])
                }
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM payments p WHERE p.applied_minor = 0 AND \(decided) ORDER BY p.rowid LIMIT ?",
                                        arguments: [limit])
            }
            return rows.map { r in
                let currency: String = r["currency"]
                return PaymentForMatching(
                    id: r["id"], currency: currency, exponent: ex.table[currency] ?? 2, amountMinor: r["amount_minor"],
                    unappliedMinor: (r["amount_minor"] as Int64) - (r["applied_minor"] as Int64),
                    date: BusinessDate(iso: r["value_date"]) ?? BusinessDate(dayNumber: 0), payerName: r["payer_name"], payerAccount: r["payer_account"],
                    reference: r["reference"], structuredReference: r["structured_reference"], endToEndID: r["end_to_end_id"], customerID: r["customer_id"])
            }
        }
    }

    /// The digest of each payment's latest match record (to skip writing the same decision twice).
    public func latestCashMatchDigests(paymentIDs: [String]) throws(LedgerError) -> [String: String] {
        try read { db in
            var out: [String: String] = [:]
            let sql = "SELECT digest FROM cash_matches WHERE payment_id = ? ORDER BY id DESC LIMIT 1"
            for id in paymentIDs {
                if let d = try String.fetchOne(db.cachedStatement(sql: sql), arguments: [id]) { out[id] = d }
            }
            return out
        }
    }

    /// Stores match records in one transaction, each with its own audit record; an `unmatched`
    /// record also raises `payment.unmatched` (naming that audit record) for the cash-application
    /// agent and the queue. A record whose digest equals its payment's latest is skipped, so
    /// running the engine twice records nothing new. Returns how many were written.
    @discardableResult
    public func recordCashMatches(_ records: [CashMatchRecord]) throws(LedgerError) -> Int {
        if records.isEmpty { return 0 }
        let at = clock.now().iso8601
        return try write { db in
            var written = 0
            for m in records {
                let latest = try String.fetchOne(db.cachedStatement(sql: "SELECT digest FROM cash_matches WHERE payment_id = ? ORDER BY id DESC LIMIT 1"),
                                                 arguments: [m.paymentID])
                if latest == m.digest { continue }
                let seq = try Audit.append(db, at: at, actor: m.actor, action: Audit.cashMatchAction, args: m.json.canonical, result: "{}",
                                           idempotencyKey: nil, approvalID: m.approvalID)
                try db.cachedStatement(sql: """
                    INSERT INTO cash_matches (payment_id, status, method, confidence, threshold, allocations, reasons, alternatives, approval_id,
                                              outcome, actor, digest, created_at, audit_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        m.paymentID, m.status.rawValue, m.method, m.confidence, m.threshold, m.allocations.canonical,
                        JSONValue.array(m.reasons.map { .string($0) }).canonical, JSONValue.array(m.alternatives.map { .string($0) }).canonical,
                        m.approvalID, m.outcome, m.actor.description, m.digest, at, seq,
                    ])
                if m.status == .unmatched, let payload = m.eventPayload {
                    _ = try Ledger.insertEvent(db, type: "payment.unmatched", subject: m.paymentID, payload: payload, at: at, auditSeq: seq)
                }
                written += 1
            }
            return written
        }
    }

    /// The engine's match records for a payment, oldest first.
    public func cashMatches(paymentID: String) throws(LedgerError) -> [JSONValue] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cash_matches WHERE payment_id = ? ORDER BY id", arguments: [paymentID]).map { r in
                func parsed(_ column: String) -> JSONValue { (try? JSONParser().parse(r[column] as String)) ?? .array([]) }
                return .object(JSONObject([
                    ("status", .string(r["status"])), ("method", .string(r["method"])), ("confidence", .int(r["confidence"] as Int64)),
                    ("threshold", .int(r["threshold"] as Int64)), ("allocations", parsed("allocations")), ("reasons", parsed("reasons")),
                    ("alternatives", parsed("alternatives")), ("approval_id", (r["approval_id"] as String?).map { .string($0) } ?? .null),
                    ("outcome", .string(r["outcome"])), ("actor", .string(r["actor"])), ("at", .string(r["created_at"])),
                ]))
            }
        }
    }

    /// `payments show` with the bank's structured reference and end-to-end id and the engine's
    /// match records (`matches`), so a person sees why a payment was or was not applied.
    public func paymentExplained(_ id: String) throws(LedgerError) -> JSONValue {
        var o = try payment(id).json.objectValue ?? JSONObject()
        let extra: (String?, String?) = try read { db in
            let r = try Row.fetchOne(db, sql: "SELECT structured_reference, end_to_end_id FROM payments WHERE id = ?", arguments: [id])
            return (r?[0], r?[1])
        }
        o["structured_reference"] = extra.0.map { .string($0) } ?? .null
        o["end_to_end_id"] = extra.1.map { .string($0) } ?? .null
        o["matches"] = .array(try cashMatches(paymentID: id))
        return .object(o)
    }
}
