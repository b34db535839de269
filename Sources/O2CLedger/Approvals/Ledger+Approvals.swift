import Foundation
import GRDB
import O2CCore

/// What happened when a person acted on an approval request.
public enum ApprovalResult: Sendable {
    /// The approval was recorded; more approvers are needed.
    case recorded(id: String, remaining: Int)
    /// The last approval: the action ran and is now written.
    case executed(id: String, result: ActionResult)
    /// The last approval: the action could not run any more; the request is failed with the reason.
    case failed(id: String, reason: String)
    /// The last approval, but the rules now ask for more than was granted (another approver
    /// role, more approvers, a larger amount): the approval is recorded, the request stays
    /// pending with the new requirement, and nothing else was written.
    case requirementsChanged(id: String, reason: String)
    /// The request was rejected.
    case rejected(id: String)
    /// Refused: nothing changed (the reason says why).
    case refused(id: String, reason: String)
    /// The request had expired (now marked so); nothing else changed.
    case expired(id: String)
}

extension Ledger {
    /// Approves a request. The last required approval decides again against the ledger as it is
    /// now and executes exactly those arguments, exactly once, in the same transaction, unless
    /// the rules now ask for more than the approvals cover.
    public func approve(_ id: String, by name: String, note: String? = nil) throws(LedgerError) -> ApprovalResult {
        try decide(id, by: name, note: note, approving: true)
    }

    /// Rejects a request; a note is required.
    public func reject(_ id: String, by name: String, note: String?) throws(LedgerError) -> ApprovalResult {
        try decide(id, by: name, note: note, approving: false)
    }

    private func decide(_ id: String, by name: String, note: String?, approving: Bool) throws(LedgerError) -> ApprovalResult {
        if let why = policy.writesRefused { return .refused(id: id, reason: why) }
        let now = clock.now()
        let today = clock.today()
        let policy = self.policy
        let limits = self.limits
        let currencies = self.currencies
        return try write { db -> ApprovalResult in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM approvals WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "approval \(id) does not exist; 'o2c approvals list' shows the queue")
            }
            let base = try Ledger.baseCurrency(db)
            if (row["action"] as String) == Approvals.reviewAction {
                return try Ledger.decideReview(db, row: row, by: name, note: note, approving: approving, now: now, base: base)
            }
            guard let action = ActionName(rawValue: row["action"]) else {
                throw LedgerError(.storage, "approval \(id) names an unknown action '\(row["action"] as String)'")
            }
            let argsText: String = row["args"]
            let args = (try? JSONParser().parse(argsText)) ?? .null
            let amountBase = (row["amount_minor"] as Int64?).map { Money(minor: $0, currency: base) }
            let earlier = try Row.fetchAll(db, sql: "SELECT approver, amount_minor FROM approval_decisions WHERE approval_id = ? AND decision = 'approve'",
                                           arguments: [id]).map { d in
                ApprovalStateMachine.Approval(name: d["approver"], user: try Users.load(db, name: d["approver"], base: base), amountMinor: d["amount_minor"])
            }
            var request = ApprovalStateMachine.Request(
                id: id, status: ApprovalStateMachine.Status(rawValue: row["status"]) ?? .failed, action: action, actor: row["actor"],
                onBehalfOf: row["on_behalf_of"], approverRole: (row["approver_role"] as String?).flatMap(Role.init(rawValue:)),
                approversRequired: row["approvers_required"], amountBase: amountBase,
                expiresAt: Ledger.parseTimestamp(row["expires_at"]) ?? now, storedDigest: row["args_digest"],
                currentDigest: Ledger.digest(action, args), approvals: [])
            request.approvals = ApprovalStateMachine.counting(request, earlier, role: request.approverRole, amount: amountBase, permits: policy.rolePermits)
            let approver = try Users.load(db, name: name, base: base)
            let step = approving
                ? ApprovalStateMachine.approve(request, approver: approver, name: name, now: now, permits: policy.rolePermits)
                : ApprovalStateMachine.reject(request, approver: approver, name: name, note: note, now: now, permits: policy.rolePermits)
            func audit(_ event: String, _ result: JSONValue) throws -> Int64 {
                try Audit.append(db, at: now.iso8601, actor: .user(name), action: event,
                                 args: JSONValue.object(["approval_id": .string(id), "action": .string(action.rawValue)]).canonical,
                                 result: result.canonical, idempotencyKey: nil, approvalID: id)
            }
            func record(_ decision: String) throws {
                let seq = try audit("approval.\(decision)", ["note": note.map { .string($0) } ?? .null, "args_digest": .string(request.currentDigest),
                                                              "amount": amountBase.map { .string($0.decimalString) } ?? .null])
                try Ledger.recordDecision(db, id: id, approver: name, decision: decision, note: note, digest: request.currentDigest,
                                          amountMinor: amountBase?.minor, at: now, auditSeq: seq)
            }
            func finish(_ status: String, reason: String, result: String? = nil) throws {
                try db.execute(sql: "UPDATE approvals SET status = ?, outcome_reason = ?, decided_at = ?, result = COALESCE(?, result) WHERE id = ?",
                               arguments: [status, reason, now.iso8601, result, id])
                _ = try audit("approval.\(status)", ["reason": .string(reason)])
            }
            switch step {
            case .expire:
                try finish("expired", reason: "expired at \(row["expires_at"] as String) before a decision")
                return .expired(id: id)
            case .refuse(let why):
                return .refused(id: id, reason: why)
            case .reject:
                try record("reject")
                try finish("rejected", reason: "rejected by \(name): \(note ?? "")")
                return .rejected(id: id)
            case .recordApproval(let remaining):
                try record("approve")
                return .recorded(id: id, remaining: remaining)
            case .recordAndExecute:
                try record("approve")
                let approvers = (request.approvals + [name]).joined(separator: ", ")
                try db.execute(sql: "UPDATE approvals SET status = 'approved', decided_at = ? WHERE id = ?", arguments: [now.iso8601, id])
                let all = earlier.filter { $0.name != name } + [ApprovalStateMachine.Approval(name: name, user: approver, amountMinor: amountBase?.minor)]
                let grant = ApprovalGrant(approvalID: id) { role, count, amount in
                    ApprovalStateMachine.counting(request, all, role: role, amount: amount, permits: policy.rolePermits).count >= count
                }
                let actor = Actor(parsing: row["actor"]).map { Actor(kind: $0.kind, name: $0.name, runID: row["run_id"], onBehalfOf: row["on_behalf_of"]) }
                    ?? .workflow
                let original = ActionRequest(action: action, args: args, actor: actor, idempotencyKey: row["idempotency_key"], reason: row["reason"])
                let outcome = try Ledger.gate(db, original, grant: grant, now: now, today: today, policy: policy, limits: limits, currencies: currencies)
                switch outcome {
                case .executed(let r):
                    try finish("executed", reason: "approved by \(approvers); executed", result: r.json.canonical)
                    return .executed(id: id, result: r)
                case .pendingApproval:
                    let why = try String.fetchOne(db, sql: "SELECT outcome_reason FROM approvals WHERE id = ?", arguments: [id]) ?? "the rules now ask for more"
                    _ = try audit("approval.requirements_changed", ["reason": .string(why)])
                    return .requirementsChanged(id: id, reason: why)
                case .invalid(let messages):
                    let reason = "no longer valid: " + messages.joined(separator: "; ")
                    try finish("failed", reason: reason)
                    return .failed(id: id, reason: reason)
                case .denied(let rules):
                    let reason = "a guardrail now denies it: " + rules.map { "\($0.file): \($0.name): \($0.message)" }.joined(separator: "; ")
                    try finish("failed", reason: reason)
                    return .failed(id: id, reason: reason)
                }
            }
        }
    }

    /// Stores a person's decision with its audit record. A person whose earlier approval no longer
    /// counts (the amount grew) may approve again: the decision row is replaced, the audit log keeps both.
    static func recordDecision(_ db: Database, id: String, approver: String, decision: String, note: String?, digest: String, amountMinor: Int64?,
                               at now: Date, auditSeq: Int64) throws {
        try db.execute(sql: """
            INSERT INTO approval_decisions (approval_id, approver, decision, note, args_digest, at, amount_minor, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(approval_id, approver) DO UPDATE SET decision = excluded.decision, note = excluded.note, args_digest = excluded.args_digest,
              at = excluded.at, amount_minor = excluded.amount_minor, audit_seq = excluded.audit_seq
            """, arguments: [id, approver, decision, note, digest, now.iso8601, amountMinor, auditSeq])
    }

    /// A review item (an agent step no model could do): approving records that a person did it.
    static func decideReview(_ db: Database, row: Row, by name: String, note: String?, approving: Bool, now: Date, base: Currency) throws -> ApprovalResult {
        let id: String = row["id"]
        let status: String = row["status"]
        if status == "pending", let expires = Ledger.parseTimestamp(row["expires_at"]), now >= expires {
            try db.execute(sql: "UPDATE approvals SET status = 'expired', outcome_reason = 'expired before anyone handled it', decided_at = ? WHERE id = ?",
                           arguments: [now.iso8601, id])
            return .expired(id: id)
        }
        guard status == "pending" else { return .refused(id: id, reason: "\(id) is \(status); only pending items can be handled") }
        guard let user = try Users.load(db, name: name, base: base), !user.revoked else {
            return .refused(id: id, reason: "\(name) is not an o2c user; add with 'o2c users add \(name) --role ROLE'")
        }
        if (row["on_behalf_of"] as String?) == user.name {
            return .refused(id: id, reason: "the person who asked cannot handle the review of their own request (\(id) was made on behalf of \(user.name))")
        }
        if !approving, (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            return .refused(id: id, reason: "a rejection needs a note saying why (--note TEXT)")
        }
        let digest: String = row["args_digest"]
        let reason = approving ? "handled by \(user.name)\(note.map { ": \($0)" } ?? "")" : "dismissed by \(user.name): \(note ?? "")"
        let seq = try Audit.append(db, at: now.iso8601, actor: .user(user.name), action: approving ? "review.handled" : "review.dismissed",
                                   args: JSONValue.object(["approval_id": .string(id)]).canonical, result: JSONValue.object(["reason": .string(reason)]).canonical,
                                   idempotencyKey: nil, approvalID: id)
        try recordDecision(db, id: id, approver: user.name, decision: approving ? "approve" : "reject", note: note, digest: digest, amountMinor: nil,
                           at: now, auditSeq: seq)
        try db.execute(sql: "UPDATE approvals SET status = ?, outcome_reason = ?, decided_at = ? WHERE id = ?",
                       arguments: [approving ? "executed" : "rejected", reason, now.iso8601, id])
        return approving ? .executed(id: id, result: ActionResult(id: id, summary: reason)) : .rejected(id: id)
    }

    /// Reads an o2c timestamp (`2026-11-25T10:00:00.000Z`).
    public static func timestamp(_ text: String) -> Date? { parseTimestamp(text) }

    static func parseTimestamp(_ text: String) -> Date? {
        // 2026-11-25T10:00:00.000Z
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = BusinessDate(iso: String(parts[0])) else { return nil }
        let t = parts[1].dropLast().split(separator: ":")
        guard t.count == 3, let h = Int(t[0]), let m = Int(t[1]), let s = Double(t[2]) else { return nil }
        return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + Double(h * 3600 + m * 60) + s)
    }

    /// The approval queue: `status` pending | approved | rejected | expired | executed | failed (nil: all);
    /// a pending request past its expiry is shown as expired. Oldest and largest first.
    public func approvalRequests(status: String? = nil, role: String? = nil, limit: Int = 1000) throws(LedgerError) -> [JSONValue] {
        let now = clock.now().iso8601
        // A stored status picks the rows through the queue index, already in the queue's order;
        // 'expired' is stored, or a pending request past its time.
        let stored = status == "expired" ? "a.status IN ('pending', 'expired')" : status == nil ? "1" : "a.status = ?2"
        return try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM (SELECT a.*, \(Ledger.approvalShown) AS shown, \(Ledger.approvalDecisions) AS decisions
                  FROM approvals a INDEXED BY approvals_queue
                  WHERE \(stored) AND (?3 IS NULL OR a.approver_role = ?3)
                  ORDER BY a.status, a.created_at, a.amount_minor DESC, a.seq)
                WHERE ?2 IS NULL OR shown = ?2
                ORDER BY created_at, amount_minor DESC, seq LIMIT ?4
                """), arguments: [now, status, role, limit])
            let base = try Ledger.baseCurrency(db)
            return rows.map { Ledger.approvalJSON($0, base: base, detail: false) }
        }
    }

    /// The status shown for approval row `a` at `?1` (now): a pending request past its time is expired.
    static let approvalShown = "CASE WHEN a.status = 'pending' AND a.expires_at <= ?1 THEN 'expired' ELSE a.status END"
    /// The decisions on approval row `a`, oldest first, as one JSON array (one query for a whole list).
    static let approvalDecisions = """
        (SELECT json_group_array(json_object('approver', d.approver, 'decision', d.decision, 'note', d.note, 'at', d.at))
         FROM (SELECT * FROM approval_decisions WHERE approval_id = a.id ORDER BY at) d)
        """

    /// One request with everything an approver needs: arguments, facts the rules saw, decisions, digest.
    public func approvalRequest(_ id: String) throws(LedgerError) -> JSONValue {
        let now = clock.now().iso8601
        return try read { db in
            guard let r = try Row.fetchOne(db, sql: """
                SELECT a.*, \(Ledger.approvalShown) AS shown, \(Ledger.approvalDecisions) AS decisions
                FROM approvals a WHERE a.id = ?2
                """, arguments: [now, id])
            else { throw LedgerError(.notFound, "approval \(id) does not exist; 'o2c approvals list' shows the queue") }
            return Ledger.approvalJSON(r, base: try Ledger.baseCurrency(db), detail: true)
        }
    }

    static func approvalJSON(_ r: Row, base: Currency, detail: Bool) -> JSONValue {
        func opt(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        let id: String = r["id"]
        var o = JSONObject([
            ("id", .string(id)), ("status", .string(r["shown"])), ("action", .string(r["action"])),
            ("args", (try? JSONParser().parse(r["args"] as String)) ?? .null), ("actor", .string(r["actor"])), ("run_id", opt(r["run_id"])),
            ("on_behalf_of", opt(r["on_behalf_of"])),
            ("reason", opt(r["reason"])), ("rules", (try? JSONParser().parse(r["rules"] as String)) ?? .array([])),
            ("approver_role", opt(r["approver_role"])), ("approvers_required", .int(r["approvers_required"] as Int64)),
            ("amount", (r["amount_minor"] as Int64?).map { .string(Money(minor: $0, currency: base).decimalString) } ?? .null),
            ("currency", opt(r["currency"])), ("customer_id", opt(r["customer_id"])),
            ("created_at", .string(r["created_at"])), ("expires_at", .string(r["expires_at"])),
            ("decided_at", opt(r["decided_at"])), ("outcome_reason", opt(r["outcome_reason"])),
        ])
        o["approvals"] = (r["decisions"] as String?).flatMap { try? JSONParser().parse($0) } ?? .array([])
        if detail {
            o["args_digest"] = .string(r["args_digest"])
            o["facts"] = (try? JSONParser().parse(r["facts"] as String)) ?? .null
            o["result"] = (r["result"] as String?).flatMap { try? JSONParser().parse($0) } ?? .null
            o["idempotency_key"] = opt(r["idempotency_key"])
        }
        return .object(o)
    }
}
