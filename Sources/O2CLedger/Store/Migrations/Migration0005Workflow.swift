import GRDB

/// Migration `0005-workflow`: the workflow's durable state, which is not the books.
/// - `jobs`: one row per unit of work (`JOB-n`), unique by its key, with its lease, attempts,
///   next run time, last error and result.
/// - `workflow_cursor`: the last event routed into jobs (one row).
/// - `events.idempotency_key`: events the workflow records itself (`stock.short`, text intake)
///   are recorded once per key.
/// Shipped: never edit it; add a new migration instead.
enum Migration0005Workflow {
    static let id = "0005-workflow"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jobs (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              key TEXT NOT NULL UNIQUE,
              subject_id TEXT NOT NULL,
              payload TEXT NOT NULL DEFAULT '{}',
              status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
              run_after TEXT NOT NULL,
              lease_owner TEXT,
              lease_expires_at TEXT,
              last_error TEXT,
              result TEXT,
              event_id INTEGER REFERENCES events(id),
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              CHECK ((status = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
            );
            CREATE INDEX jobs_queued ON jobs(status, run_after, seq);
            CREATE INDEX jobs_subject ON jobs(subject_id);
            CREATE TABLE workflow_cursor (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              last_event_id INTEGER NOT NULL,
              updated_at TEXT NOT NULL
            );
            ALTER TABLE events ADD COLUMN idempotency_key TEXT;
            CREATE UNIQUE INDEX events_idempotency_key ON events(idempotency_key) WHERE idempotency_key IS NOT NULL;
            """)
    }
}
