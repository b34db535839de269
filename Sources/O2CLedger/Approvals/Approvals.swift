import Foundation
import GRDB
import O2CCore

/// The approval queue's storage. Parking a request writes the queue (and its audit record),
/// never the books.
enum Approvals {
    static let expirySeconds: TimeInterval = 72 * 3600
    /// The action name of a review item: an agent step that a person must do (SPEC §3).
    static let reviewAction = "agent_review"

    static func park(_ db: Database, request: ActionRequest, digest: String, facts: ActionFacts, role: Role?, approvers: Int,
                     rules: [FiredRule], now: Date) throws -> String {
        try enqueue(db, action: request.action.rawValue, args: request.args, digest: digest, actor: request.actor, reason: request.reason,
                    rules: rules, role: role, approvers: approvers, amount: facts.amountBase, customerID: facts.customer?.id,
                    idempotencyKey: request.idempotencyKey, facts: factsJSON(facts), now: now)
    }

    /// Parks a review item (an agent step no model could do) in the same queue, audited like any
    /// request.
    static func parkReview(_ db: Database, agent: String, runID: String, onBehalfOf: String?, input: String, reason: String, now: Date,
                           idempotencyKey: String? = nil) throws -> String {
        let args: JSONValue = ["agent": .string(agent), "input": .string(input)]
        let rules = [FiredRule(file: "(built-in)", name: "no-model", message: "\(reason): a person must do this \(agent) step")]
        return try enqueue(db, action: reviewAction, args: args, digest: Hex.sha256(reviewAction + "\n" + args.canonical),
                           actor: .agent(agent, runID: runID, onBehalfOf: onBehalfOf), reason: reason, rules: rules, role: nil, approvers: 1,
                           amount: nil, customerID: nil, idempotencyKey: idempotencyKey, facts: .object(JSONObject()), now: now)
    }

    /// Writes a pending request and its `approval.parked` audit record; returns its id.
    private static func enqueue(_ db: Database, action: String, args: JSONValue, digest: String, actor: Actor, reason: String?, rules: [FiredRule],
                                role: Role?, approvers: Int, amount: Money?, customerID: String?, idempotencyKey: String?, facts: JSONValue,
                                now: Date) throws -> String {
        let n = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM approvals") ?? 1
        let id = "AP-\(n)"
        let seq = try audit(db, id: id, action: action, actor: actor, digest: digest, rules: rules, now: now)
        try db.execute(sql: """
            INSERT INTO approvals (seq, id, status, action, args, args_digest, actor, run_id, on_behalf_of, reason, rules, approver_role,
                                   approvers_required, amount_minor, currency, customer_id, idempotency_key, facts, created_at, expires_at, audit_seq)
            VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [n, id, action, args.canonical, digest, actor.description, actor.runID, actor.onBehalfOf, reason,
                             JSONValue.array(rules.map(\.json)).canonical, role?.rawValue, approvers, amount?.minor, amount?.currency.code, customerID,
                             idempotencyKey, facts.canonical, now.iso8601, now.addingTimeInterval(expirySeconds).iso8601, seq])
        return id
    }

    /// The `approval.parked` audit record of a new request.
    private static func audit(_ db: Database, id: String, action: String, actor: Actor, digest: String, rules: [FiredRule], now: Date) throws -> Int64 {
        try Audit.append(db, at: now.iso8601, actor: actor, action: "approval.parked",
                         args: JSONValue.object(["approval_id": .string(id), "action": .string(action), "args_digest": .string(digest)]).canonical,
                         result: JSONValue.object(["rules": .array(rules.map(\.json))]).canonical, idempotencyKey: nil, approvalID: id)
    }

    /// Records that the gate, deciding again at the last approval, asks for more than was granted:
    /// the request stays pending with the new requirement, and says why.
    static func requireMore(_ db: Database, id: String, facts: ActionFacts, role: Role?, approvers: Int, rules: [FiredRule], now: Date) throws {
        guard let old = try Row.fetchOne(db, sql: "SELECT approver_role, approvers_required, amount_minor FROM approvals WHERE id = ?", arguments: [id]) else {
            throw LedgerError(.notFound, "approval \(id) does not exist")
        }
        var changes: [String] = []
        let oldRole: String? = old["approver_role"]
        if oldRole != role?.rawValue { changes.append("approver role \(oldRole ?? "any permitted") → \(role?.rawValue ?? "any permitted")") }
        let oldApprovers: Int = old["approvers_required"]
        if oldApprovers != approvers { changes.append("approvers \(oldApprovers) → \(approvers)") }
        let oldAmount: Int64? = old["amount_minor"]
        if let amount = facts.amountBase, oldAmount != amount.minor {
            changes.append("amount \(oldAmount.map { Money(minor: $0, currency: amount.currency).description } ?? "none") → \(amount)")
        }
        let why = "the rules now ask for more than was approved ("
            + (changes.isEmpty ? "approvals that cover the amount" : changes.joined(separator: "; "))
            + "): " + rules.map { "\($0.file): \($0.name)" }.joined(separator: ", ") + "; it needs approval again"
        try db.execute(sql: """
            UPDATE approvals SET status = 'pending', decided_at = NULL, approver_role = ?, approvers_required = ?, amount_minor = ?, currency = ?,
                                 rules = ?, facts = ?, outcome_reason = ?
            WHERE id = ?
            """, arguments: [role?.rawValue, approvers, facts.amountBase?.minor, facts.amountBase?.currency.code,
                             JSONValue.array(rules.map(\.json)).canonical, factsJSON(facts).canonical, why, id])
    }

    /// The facts the rules saw, as stored with a request and shown to approvers.
    static func factsJSON(_ f: ActionFacts) -> JSONValue {
        var o = JSONObject()
        for m in f.extra { o[m.key] = m.value }
        o["action"] = .string(f.action.rawValue)
        var actor: JSONObject = ["kind": .string(f.actor.kind.rawValue), "name": .string(f.actor.name)]
        if let who = f.actor.onBehalfOf { actor["on_behalf_of"] = .string(who) }
        o["actor"] = .object(actor)
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
