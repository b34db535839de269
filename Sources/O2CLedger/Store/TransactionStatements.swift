import GRDB
import GRDBSQLite

/// A read transaction's `BEGIN DEFERRED`, `COMMIT` and `ROLLBACK` on one connection, prepared
/// once and stepped directly (`Statement.stepDirectly`), for `LedgerThreadReader`. GRDB's
/// `execute` of each (aborted-transaction and suspension checks, region tracking, observation,
/// the statement cache's hash of the SQL) cost a read more than its own query; a connection that
/// only reads, with no observers, needs none of it.
struct TransactionStatements {
    let begin: Statement
    let commit: Statement
    let rollback: Statement

    /// Prepares the three on `db`'s connection; they are finalized when released.
    init(_ db: Database) throws {
        begin = try db.makeStatement(sql: "BEGIN DEFERRED TRANSACTION")
        commit = try db.makeStatement(sql: "COMMIT TRANSACTION")
        rollback = try db.makeStatement(sql: "ROLLBACK TRANSACTION")
    }
}

extension Statement {
    /// Runs a statement that returns no row once, straight through SQLite, and resets it; a
    /// failure throws GRDB's `DatabaseError` with SQLite's code and message.
    func stepDirectly() throws {
        let statement = sqliteStatement
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
            sqlite3_reset(statement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
        sqlite3_reset(statement)
    }
}
