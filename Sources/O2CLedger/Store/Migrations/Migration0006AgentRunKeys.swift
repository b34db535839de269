import GRDB

/// Migration `0006-agent-run-keys`: a request key per agent run (`POST /v1/ask` with an
/// `Idempotency-Key`), unique, with the digest of the agent and input it was used for, so a
/// retried question returns the run it started instead of starting another.
/// (Numbered after the 0005–0008 migrations other branches reserve.)
/// Shipped: never edit it; add a new migration instead.
enum Migration0006AgentRunKeys {
    static let id = "0006-agent-run-keys"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE agent_runs ADD COLUMN request_key TEXT;
            ALTER TABLE agent_runs ADD COLUMN request_digest TEXT;
            CREATE UNIQUE INDEX agent_runs_request_key ON agent_runs(request_key) WHERE request_key IS NOT NULL;
            """)
    }
}
