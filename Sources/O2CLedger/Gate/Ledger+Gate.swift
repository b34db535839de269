import Foundation
import GRDB
import O2CCore

extension Ledger {
    /// The gate: validation → guardrails → approval queue where a rule says so → one atomic
    /// write with its journal entries, audit record and events. Returns exactly one outcome.
    /// Throws only when storage fails (read-only file, disk full), never for a bad request.
    /// Concurrent submissions share one commit (`GroupCommit`), each in its own savepoint with
    /// its own outcome, and each caller hears its outcome only once it is durable.
    public func submit(_ request: ActionRequest) throws(LedgerError) -> GateOutcome {
        // The request's own checks need no ledger: done here, they keep the writer (which
        // concurrent submissions share) for the work that does.
        let checked: CheckedRequest
        switch Self.check(request) {
        case .success(let c): checked = c
        case .failure(let e): return .invalid(messages: e.messages)
        }
        let (clock, policy, limits, currencies) = (self.clock, self.policy, self.limits, self.currencies)
        return try writeShared { db in
            try Self.gate(db, request, checked: checked, grant: nil, now: clock.now(), today: clock.today(), policy: policy, limits: limits, currencies: currencies)
        }
    }

    /// A request that passed the checks needing no ledger: its arguments checked against the
    /// action's fields, in canonical text, and the digest an approval binds to.
    struct CheckedRequest {
        let action: ActionName
        let args: Arguments
        let canonicalArgs: String
        /// Computed when asked for: only an idempotency key or the approval queue needs it.
        var digest: String { Ledger.digest(action, canonicalArgs: canonicalArgs) }
    }

    /// The gate's first step: the arguments against the action's fields and the idempotency
    /// key's length. Reads nothing, so it runs before the writer is taken.
    static func check(_ request: ActionRequest) -> Result<CheckedRequest, Invalid> {
        let spec = ActionCatalog.spec(for: request.action)
        let args: Arguments
        switch Arguments.check(request.args, fields: spec.fields) {
        case .success(let a): args = a
        case .failure(let e): return .failure(Invalid(messages: e.messages))
        }
        if let key = request.idempotencyKey, key.isEmpty || key.count > 200 {
            return .failure(Invalid("the idempotency key must be 1 to 200 characters"))
        }
        return .success(CheckedRequest(action: request.action, args: args, canonicalArgs: request.args.canonical))
    }

    /// Gate submissions and the commits that carried them since this ledger was opened: their
    /// ratio is the mean group-commit batch (one when nobody submits at the same time).
    public var gateCommitStatistics: (submissions: Int, commits: Int) { (groupCommit.submissions, groupCommit.commits) }

    /// What people granted in the approval queue, for the gate's decision at the last approval.
    struct ApprovalGrant {
        /// The request.
        let approvalID: String
        /// Whether the approvals recorded satisfy a requirement of this approver role, number of
        /// distinct approvers and amount (base currency).
        let covers: (Role?, Int, Money?) -> Bool
    }

    /// The gate's body, inside the caller's write transaction. The approval queue calls it
    /// directly with its `grant` so that recording the last approval and executing happen in one
    /// transaction; when today's verdict asks for more than the grant covers, the request stays
    /// pending with the new requirement and the outcome is `pendingApproval` of that request.
    /// `checked` is `check(request)` when the caller made it already.
    static func gate(_ db: Database, _ request: ActionRequest, checked: CheckedRequest? = nil, grant: ApprovalGrant?, now: Date,
                     today: BusinessDate, policy: any ActionPolicy, limits: LedgerLimits, currencies: CurrencyCache) throws -> GateOutcome {
        let valid: CheckedRequest
        if let checked {
            valid = checked
        } else {
            switch check(request) {
            case .success(let c): valid = c
            case .failure(let e): return .invalid(messages: e.messages)
            }
        }
        let (args, argsText) = (valid.args, valid.canonicalArgs)
        if grant == nil, let key = request.idempotencyKey, let previous = try Self.replay(db, key: key, action: request.action, digest: valid.digest) {
            return previous
        }
        let base = try currencies.base(db)
        var facts = ActionFacts(action: request.action, args: request.args, actor: request.actor, approved: grant != nil)
        if request.actor.kind == .user { facts.actorRole = try Users.role(db, name: request.actor.name) }
        let tx = LedgerTx(db: db, now: now, today: today, actor: request.actor, base: base, limits: limits, currencies: currencies, facts: facts)
        var result: ActionResult?
        var invalid: [String]?
        var decision: PolicyDecision = .deny(rules: [])
        var granted = false
        try db.gateSavepoint {
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
            case .allow:
                return .commit
            case .requireApproval(let role, let approvers, _):
                granted = grant?.covers(role, approvers, tx.facts.amountBase) ?? false
                return granted ? .commit : .rollback
            case .deny:
                return .rollback
            }
        }
        if let invalid { return .invalid(messages: invalid) }
        let outcome: GateOutcome
        switch decision {
        case .deny(let rules):
            return .denied(rules: rules)
        case .requireApproval(let role, let approvers, let rules) where !granted:
            if let grant {
                try Approvals.requireMore(db, id: grant.approvalID, facts: tx.facts, role: role, approvers: approvers, rules: rules, now: now)
                return .pendingApproval(id: grant.approvalID, rules: rules)
            }
            let id = try Approvals.park(db, request: request, digest: valid.digest, facts: tx.facts, role: role, approvers: approvers, rules: rules, now: now)
            outcome = .pendingApproval(id: id, rules: rules)
        case .allow, .requireApproval:
            guard let done = result else { return .invalid(messages: ["the action produced no result"]) }
            let seq = try tx.finish(action: request.action, args: argsText, result: done,
                                    idempotencyKey: request.idempotencyKey, approvalID: grant?.approvalID)
            outcome = .executed(done.with(auditSeq: seq))
        }
        if let key = request.idempotencyKey {
            try db.execute(sql: """
                INSERT INTO idempotency_keys (key, action, digest, outcome, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET outcome = excluded.outcome
                """, arguments: [key, request.action.rawValue, valid.digest, Self.encode(outcome).canonical, now.iso8601])
        }
        return outcome
    }

    /// The digest an approval is bound to: the action and its exact arguments, canonical JSON.
    static func digest(_ action: ActionName, _ args: JSONValue) -> String {
        digest(action, canonicalArgs: args.canonical)
    }

    /// `digest` of arguments already in canonical text.
    static func digest(_ action: ActionName, canonicalArgs: String) -> String {
        Hex.sha256(action.rawValue + "\n" + canonicalArgs)
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
