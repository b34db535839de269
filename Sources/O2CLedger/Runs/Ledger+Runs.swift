import Foundation
import GRDB
import O2CCore

/// Stored agent runs (traces). A trace is not part of the books: it records what a model was
/// asked, what it answered, and what the gate did with every proposal.
extension Ledger {
    /// Starts a run record and returns its id (`RUN-1`); `onBehalfOf` names the user whose
    /// question or command started it (that person may not approve what the run proposes).
    public func startRun(agent: String, input: String, onBehalfOf: String? = nil) throws(LedgerError) -> String {
        let now = clock.now()
        return try write { db in try Ledger.insertRun(db, agent: agent, input: input, onBehalfOf: onBehalfOf, now: now) }
    }

    /// Starts a run record, as `startRun(agent:input:onBehalfOf:)` does, and reads the company's
    /// name (nil when the ledger has none) in the same transaction: what a run needs before its
    /// first model request, in one trip to the ledger and without a read transaction of its own.
    public func startRunReadingCompany(agent: String, input: String, onBehalfOf: String? = nil) throws(LedgerError) -> (runID: String, company: String?) {
        let now = clock.now()
        return try write { db in
            (try Ledger.insertRun(db, agent: agent, input: input, onBehalfOf: onBehalfOf, now: now), try Ledger.companyName(db))
        }
    }

    /// The company's name, nil when the ledger has none.
    static func companyName(_ db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM company WHERE id = 1"))
    }

    /// Inserts a `running` run record and returns its id.
    static func insertRun(_ db: Database, agent: String, input: String, onBehalfOf: String?, now: Date,
                          requestKey: String? = nil, digest: String? = nil) throws -> String {
        let n = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM agent_runs")) ?? 0) + 1
        let id = "RUN-\(n)"
        try db.cachedStatement(sql: """
            INSERT INTO agent_runs (seq, id, agent, state, input, trace, started_at, on_behalf_of, request_key, request_digest)
            VALUES (?, ?, ?, 'running', ?, '{}', ?, ?, ?, ?)
            """).execute(arguments: [n, id, agent, input, now.iso8601, onBehalfOf, requestKey, digest])
        return id
    }

    /// Stores a finished run: its terminal state, answer, approvals, token counts and its trace
    /// (compact JSON as UTF-8, stored as given: no parsing, no re-encoding), with the request
    /// fragments its model steps name in `request_parts` (by SHA-256 digest; each is stored once
    /// for every run that names it).
    public func finishRun(id: String, state: String, reason: String?, answer: String?, approvalIDs: [String],
                          inputTokens: Int, outputTokens: Int, trace: [UInt8], fragments: [String: [UInt8]] = [:]) throws(LedgerError) {
        let now = clock.now().iso8601
        try write { db in
            // Looked up first, so the body is copied and bound only the first time.
            for (digest, body) in fragments where try db.leanValue("SELECT 1 FROM agent_run_fragments WHERE digest = ?", [digest]) as Int64? == nil {
                try db.leanExec("INSERT INTO agent_run_fragments (digest, body) VALUES (?, CAST(? AS TEXT))", [digest, Data(body)])
            }
            try db.cachedStatement(sql: """
                UPDATE agent_runs SET state = ?, reason = ?, answer = ?, approval_ids = ?, input_tokens = ?, output_tokens = ?, trace = CAST(? AS TEXT), finished_at = ?
                WHERE id = ?
                """).execute(arguments: [state, reason, answer, JSONValue.array(approvalIDs.map { .string($0) }).canonical, inputTokens, outputTokens,
                                         Data(trace), now, id])
            guard db.changesCount == 1 else { throw LedgerError(.notFound, "run \(id) does not exist") }
        }
    }

    /// Parks an agent step no model can do as a review item in the approval queue
    /// (`no model configured`, SPEC §3), audited; returns its id (`AP-…`). With an
    /// `idempotencyKey` the item is parked once: the same key returns the first item's id.
    public func parkReview(agent: String, runID: String, input: String, reason: String, onBehalfOf: String? = nil,
                           idempotencyKey: String? = nil) throws(LedgerError) -> String {
        let now = clock.now()
        return try write { db in
            if let idempotencyKey, let id = try String.fetchOne(db, sql: "SELECT id FROM approvals WHERE idempotency_key = ? AND action = ?",
                                                                 arguments: [idempotencyKey, Approvals.reviewAction]) {
                return id
            }
            return try Approvals.parkReview(db, agent: agent, runID: runID, onBehalfOf: onBehalfOf, input: input, reason: reason, now: now,
                                            idempotencyKey: idempotencyKey)
        }
    }

    /// Runs, newest first: `{run_id, agent, state, reason, started_at, finished_at, usage, approval_ids}`.
    public func runs(agent: String? = nil, limit: Int = 100) throws(LedgerError) -> [RunTrace] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_runs WHERE (?1 IS NULL OR agent = ?1) ORDER BY seq DESC LIMIT ?2", arguments: [agent, limit])
                .map { Ledger.runTrace($0, withTrace: false) }
        }
    }

    /// One run with its trace.
    public func run(_ id: String) throws(LedgerError) -> RunTrace {
        try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM agent_runs WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "run \(id) does not exist; 'o2c runs list' shows the runs")
            }
            var run = Ledger.runTrace(r, withTrace: true)
            run.steps = try run.steps.map { try Ledger.assembleRequests($0, db) }
            return run
        }
    }

    /// The steps with every model request stored as `request_parts` (text, and
    /// `{"fragment": DIGEST}` for a stored fragment) put back together as the `request` it was.
    static func assembleRequests(_ steps: [JSONValue], _ db: Database) throws -> [JSONValue] {
        var bodies: [String: String] = [:]
        return try steps.map { step in
            guard case .object(let object) = step, let parts = object["request_parts"]?.arrayValue else { return step }
            var request = ""
            for part in parts {
                if let text = part.stringValue {
                    request += text
                } else if let digest = part["fragment"]?.stringValue {
                    if bodies[digest] == nil {
                        bodies[digest] = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM agent_run_fragments WHERE digest = ?"),
                                                             arguments: [digest]) ?? "[fragment \(digest) is missing]"
                    }
                    request += bodies[digest] ?? ""
                }
            }
            return .object(JSONObject(object.members.map { $0.key == "request_parts" ? ("request", .string(request)) : ($0.key, $0.value) }))
        }
    }

    static func runTrace(_ r: Row, withTrace: Bool) -> RunTrace {
        let approvals = (try? JSONParser().parse(r["approval_ids"] as String))?.arrayValue ?? []
        var run = RunTrace(runID: r["id"], agent: r["agent"], state: r["state"], reason: r["reason"], input: r["input"], answer: r["answer"],
                           onBehalfOf: r["on_behalf_of"], approvalIDs: approvals.compactMap(\.stringValue),
                           usage: RunUsage(inputTokens: r["input_tokens"], outputTokens: r["output_tokens"]),
                           startedAt: r["started_at"], finishedAt: r["finished_at"])
        if withTrace, let trace = try? JSONParser().parse(r["trace"] as String) {
            run.toolCalls = trace["tool_calls"].flatMap { try? JSONValueDecoder().decode([RunToolCall].self, from: $0) }
            run.steps = trace["steps"]?.arrayValue
        }
        return run
    }
}
