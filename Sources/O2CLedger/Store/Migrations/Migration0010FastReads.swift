import GRDB

/// Migration `0010-fast-reads`:
/// - `auth_generation`: one counter that every change to `users` raises (by trigger, so no code
///   path can forget it). A server caches the users its tokens belong to and trusts the cache only
///   while the counter is unchanged: a revocation by another process is seen at the next request.
/// - `approvals_queue`: the queue's order (status, age, largest first), so listing the pending
///   requests reads the first rows of an index instead of sorting the table.
/// Shipped: never edit it; add a new migration instead.
enum Migration0010FastReads {
    static let id = "0010-fast-reads"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE auth_generation (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              generation INTEGER NOT NULL
            );
            INSERT INTO auth_generation (id, generation) VALUES (1, 0);
            CREATE TRIGGER users_inserted AFTER INSERT ON users BEGIN UPDATE auth_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER users_updated AFTER UPDATE ON users BEGIN UPDATE auth_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER users_deleted AFTER DELETE ON users BEGIN UPDATE auth_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE INDEX approvals_queue ON approvals(status, created_at, amount_minor DESC, seq);
            """)
    }
}
