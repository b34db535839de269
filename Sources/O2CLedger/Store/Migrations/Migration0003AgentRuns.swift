import GRDB

/// Migration `0003-agent-runs`: Stored agent runs (traces).
/// Shipped: never edit it; add a new migration instead.
enum Migration0003AgentRuns {
    static let id = "0003-agent-runs"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agent_runs (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              agent TEXT NOT NULL,
              state TEXT NOT NULL CHECK (state IN ('running', 'completed', 'waiting_approval', 'incomplete', 'failed')),
              reason TEXT,
              input TEXT NOT NULL,
              answer TEXT,
              approval_ids TEXT NOT NULL DEFAULT '[]',
              input_tokens INTEGER NOT NULL DEFAULT 0,
              output_tokens INTEGER NOT NULL DEFAULT 0,
              trace TEXT NOT NULL,
              started_at TEXT NOT NULL,
              finished_at TEXT
            );
            CREATE INDEX agent_runs_agent ON agent_runs(agent, seq);
            """)
    }
}
