import Foundation
import GRDB
import O2CCore

extension Ledger {
    /// The gate: validation → guardrails → approval queue where a rule says so → one atomic
    /// write with its journal entries, audit record and events. Returns exactly one outcome.
    /// Throws only when storage fails (read-only file, disk full), never for a bad request.
    public func submit(_ request: ActionRequest) throws(LedgerError) -> GateOutcome {
        try submit(request, approvalID: nil)
    }

    func submit(_ request: ActionRequest, approvalID: String?) throws(LedgerError) -> GateOutcome {
        let now = clock.now()
        let today = clock.today()
        let policy = self.policy
        return try write { db in try Self.gate(db, request, approvalID: approvalID, now: now, today: today, policy: policy) }
    }

    /// The gate's body, inside the caller's write transaction. The approval queue calls it
    /// directly so that recording the last approval and executing happen in one transaction.
    static func gate(_ db: Database, _ request: ActionRequest, approvalID: String?, now: Date, today: BusinessDate,
                     policy: any ActionPolicy) throws -> GateOutcome {
        let spec = ActionCatalog.spec(for: request.action)
        let args: Arguments
        switch Arguments.check(request.args, fields: spec.fields) {
        case .success(let a): args = a
        case .failure(let e): return .invalid(messages: e.messages)
        }
        if let key = request.idempotencyKey, key.isEmpty || key.count > 200 {
            return .invalid(messages: ["the idempotency key must be 1 to 200 characters"])
        }
        let digest = Self.digest(request.action, request.args)
        if approvalID == nil, let key = request.idempotencyKey, let previous = try Self.replay(db, key: key, action: request.action, digest: digest) {
            return previous
        }
        let base = try Ledger.baseCurrency(db)
        var facts = ActionFacts(action: request.action, args: request.args, actor: request.actor, approved: approvalID != nil)
        if request.actor.kind == .user { facts.actorRole = try Users.role(db, name: request.actor.name) }
        let tx = LedgerTx(db: db, now: now, today: today, actor: request.actor, base: base, facts: facts)
        var result: ActionResult?
        var invalid: [String]?
        var decision: PolicyDecision = .deny(rules: [])
        try db.inSavepoint {
            do {
                result = try ActionHandlers.run(request.action, args, tx)
            } catch let e as Invalid {
                invalid = e.messages
                return .rollback
            } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                invalid = ["the ledger refused this change (\(e.message ?? "constraint failed")); nothing was written"]
                return .rollback
            }
            decision = policy.decide(tx.facts)
            switch decision {
            case .allow: return .commit
            case .requireApproval where approvalID != nil: return .commit
            case .requireApproval, .deny: return .rollback
            }
        }
        if let invalid { return .invalid(messages: invalid) }
        let outcome: GateOutcome
        switch decision {
        case .deny(let rules):
            return .denied(rules: rules)
        case .requireApproval(let role, let approvers, let rules) where approvalID == nil:
            let id = try Approvals.park(db, request: request, digest: digest, facts: tx.facts, role: role, approvers: approvers, rules: rules, now: now)
            outcome = .pendingApproval(id: id, rules: rules)
        case .allow, .requireApproval:
            guard let done = result else { return .invalid(messages: ["the action produced no result"]) }
            let seq = try tx.finish(action: request.action, args: request.args, result: done,
                                    idempotencyKey: request.idempotencyKey, approvalID: approvalID)
            outcome = .executed(done.with(auditSeq: seq))
        }
        if let key = request.idempotencyKey {
            try db.execute(sql: """
                INSERT INTO idempotency_keys (key, action, digest, outcome, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET outcome = excluded.outcome
                """, arguments: [key, request.action.rawValue, digest, Self.encode(outcome).canonical, now.iso8601])
        }
        return outcome
    }

    /// The digest an approval is bound to: the action and its exact arguments, canonical JSON.
    static func digest(_ action: ActionName, _ args: JSONValue) -> String {
        Hex.sha256(action.rawValue + "\n" + args.canonical)
    }

    private static func replay(_ db: Database, key: String, action: ActionName, digest: String) throws -> GateOutcome? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT action, digest, outcome FROM idempotency_keys WHERE key = ?"), arguments: [key]) else {
            return nil
        }
        guard row["digest"] as String == digest else {
            return .invalid(messages: ["idempotency key '\(key)' was already used for a \(row["action"] as String) with other arguments; use a new key for a new request"])
        }
        let stored = (try? JSONParser().parse(row["outcome"] as String)) ?? .null
        if stored["outcome"]?.stringValue == "pending_approval", let id = stored["approval_id"]?.stringValue {
            return .pendingApproval(id: id, rules: [])
        }
        return .executed(ActionResult.from(json: stored["result"] ?? .null, auditSeq: 0))
    }

    private static func encode(_ outcome: GateOutcome) -> JSONValue {
        switch outcome {
        case .executed(let r): return ["outcome": "executed", "result": r.json]
        case .pendingApproval(let id, _): return ["outcome": "pending_approval", "approval_id": .string(id)]
        default: return ["outcome": .string(outcome.name)]
        }
    }
}
