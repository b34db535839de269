import GRDB

/// Migration `0002-users-and-approval-decisions`: Users with their token hashes, and each approver's decision on a request.
/// Shipped: never edit it; add a new migration instead.
enum Migration0002UsersAndApprovalDecisions {
    static let id = "0002-users-and-approval-decisions"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
              name TEXT PRIMARY KEY,
              role TEXT NOT NULL CHECK (role IN ('sales_rep', 'sales_manager', 'ar_clerk', 'credit_manager', 'finance_manager', 'admin')),
              approval_limit_minor INTEGER CHECK (approval_limit_minor IS NULL OR approval_limit_minor >= 0),
              token_hash TEXT NOT NULL UNIQUE,
              revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
              created_at TEXT NOT NULL,
              token_rotated_at TEXT NOT NULL
            );
            CREATE TABLE approval_decisions (
              approval_id TEXT NOT NULL REFERENCES approvals(id),
              approver TEXT NOT NULL,
              decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
              note TEXT,
              args_digest TEXT NOT NULL,
              at TEXT NOT NULL,
              PRIMARY KEY (approval_id, approver)
            ) WITHOUT ROWID;
            """)
    }
}
