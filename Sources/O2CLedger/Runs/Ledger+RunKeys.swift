import Foundation
import GRDB
import O2CCore

/// Runs started under a request key (a retried question returns its first run).
extension Ledger {
    /// Starts a run under `requestKey` unless a run already holds that key, in one transaction, so
    /// two retries at the same moment start one run. A run still `running` after
    /// `abandonAfterSeconds` is taken for abandoned (its process stopped): it is marked `failed`
    /// and the key passes to a new run. The input is stored as given (redact it before). With the
    /// claim comes the company's name (nil when the ledger has none), read in the same
    /// transaction for the prompt of a run just started.
    public func startRun(agent: String, input: String, onBehalfOf: String?, requestKey: String,
                         abandonAfterSeconds: Int) throws(LedgerError) -> (claim: RunClaim, company: String?) {
        let now = clock.now()
        let digest = Hex.sha256(agent + "\n" + input)
        return try write { db in
            if let held = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, state, request_digest, started_at FROM agent_runs WHERE request_key = ?"),
                                           arguments: [requestKey]) {
                let id: String = held["id"]
                if held["request_digest"] as String? != digest { return (.conflict(runID: id), nil) }
                guard held["state"] as String == "running" else { return (.finished(runID: id), nil) }
                let cutoff = now.addingTimeInterval(-Double(abandonAfterSeconds)).iso8601
                guard (held["started_at"] as String) < cutoff else { return (.running(runID: id), nil) }
                try db.cachedStatement(sql: """
                    UPDATE agent_runs SET state = 'failed', reason = 'abandoned: the process running it stopped; a retry took over',
                      request_key = NULL, finished_at = ? WHERE id = ?
                    """).execute(arguments: [now.iso8601, id])
            }
            return (.started(runID: try Ledger.insertRun(db, agent: agent, input: input, onBehalfOf: onBehalfOf, now: now,
                                                          requestKey: requestKey, digest: digest)),
                    try Ledger.companyName(db))
        }
    }
}
