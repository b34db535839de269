import Foundation
import GRDB
import O2CCore

/// The approval queue's storage. Parking a request writes the queue, never the books.
enum Approvals {
    static let expirySeconds: TimeInterval = 72 * 3600
    /// The action name of a review item: an agent step that a person must do (SPEC §3).
    static let reviewAction = "agent_review"

    static func park(_ db: Database, request: ActionRequest, digest: String, facts: ActionFacts, role: Role?, approvers: Int,
                     rules: [FiredRule], now: Date) throws -> String {
        let n = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM approvals") ?? 1
        let id = "AP-\(n)"
        try db.execute(sql: """
            INSERT INTO approvals (seq, id, status, action, args, args_digest, actor, run_id, reason, rules, approver_role, approvers_required,
                                   amount_minor, currency, customer_id, idempotency_key, facts, created_at, expires_at)
            VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [n, id, request.action.rawValue, request.args.canonical, digest, request.actor.description, request.actor.runID,
                             request.reason, JSONValue.array(rules.map(\.json)).canonical, role?.rawValue, approvers,
                             facts.amountBase?.minor, facts.amountBase?.currency.code, facts.customer?.id, request.idempotencyKey,
                             factsJSON(facts).canonical, now.iso8601, now.addingTimeInterval(expirySeconds).iso8601])
        return id
    }

    /// The facts the rules saw, as stored with a request and shown to approvers.
    static func factsJSON(_ f: ActionFacts) -> JSONValue {
        var o = JSONObject()
        o["action"] = .string(f.action.rawValue)
        o["actor"] = ["kind": .string(f.actor.kind.rawValue), "name": .string(f.actor.name)]
        if let c = f.customer {
            o["customer"] = [
                "id": .string(c.id), "currency": .string(c.currency), "region": .string(c.region), "owner": .string(c.owner),
                "on_hold": .bool(c.onHold), "credit_limit": .string(c.creditLimit.decimalString), "exposure": .string(c.exposure.decimalString),
                "available_credit": .string(c.availableCredit.decimalString), "overdue_amount": .string(c.overdueAmount.decimalString),
                "max_days_overdue": .int(c.maxDaysOverdue),
            ]
        }
        if let order = f.order { o["order"] = .object(order) }
        if let invoice = f.invoice { o["invoice"] = .object(invoice) }
        if let a = f.amountBase { o["amount"] = .string(a.decimalString); o["amount_currency"] = .string(a.currency.code) }
        return .object(o)
    }
}
