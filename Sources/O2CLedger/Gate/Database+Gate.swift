import GRDB
import GRDBSQLite

/// The statements of the gate's hot path, run on cached prepared statements with less of GRDB's
/// per-statement machinery: rows read by position (`LeanRow`), writes stepped directly, and a
/// savepoint whose three statements are prepared once per connection instead of parsed each time.
extension Database {
    /// The first row of a cached statement with `arguments`, or nil.
    func leanRow(_ sql: String, _ arguments: LeanArguments = []) throws -> LeanRow? {
        var row: LeanRow?
        try leanStep(sql, arguments) { row = $0; return false }
        return row
    }

    /// Every row of a cached statement with `arguments`.
    func leanRows(_ sql: String, _ arguments: LeanArguments = []) throws -> [LeanRow] {
        var rows: [LeanRow] = []
        try leanStep(sql, arguments) { rows.append($0); return true }
        return rows
    }

    /// The first column of the first row of a cached statement; nil when there is no row or it is
    /// NULL. A value of another type throws, as GRDB's `fetchOne` does (a ledger file edited by hand).
    func leanValue<T: DatabaseValueConvertible>(_ sql: String, _ arguments: LeanArguments = []) throws -> T? {
        guard let value = try leanRow(sql, arguments)?.values[0], !value.isNull else { return nil }
        guard let decoded = T.fromDatabaseValue(value) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "the ledger holds \(value) where a \(T.self) belongs", sql: sql)
        }
        return decoded
    }

    /// Runs a cached write statement with `arguments`, stepped directly. Outside a transaction
    /// (or once SQLite has ended one after a failure) GRDB's own path runs it, which refuses to
    /// write outside an aborted transaction block, so nothing is ever written half inside one.
    func leanExec(_ sql: String, _ arguments: LeanArguments = []) throws {
        guard isInsideTransaction else { return try cachedStatement(sql: sql).execute(arguments: arguments.statementArguments) }
        try leanStep(sql, arguments) { _ in false }
    }

    /// Runs `body` in a savepoint: released when it returns `.commit`, rolled back (and
    /// released) when it returns `.rollback` or throws, as GRDB's `inSavepoint` does. Outside a
    /// transaction it is `inSavepoint` (which opens one).
    func gateSavepoint(_ body: () throws -> TransactionCompletion) throws {
        guard isInsideTransaction else { return try inSavepoint(body) }
        try cachedStatement(sql: "SAVEPOINT gate").execute()
        let completion: TransactionCompletion
        do {
            completion = try body()
        } catch {
            try? rollbackGateSavepoint()
            throw error
        }
        switch completion {
        case .commit: try cachedStatement(sql: "RELEASE SAVEPOINT gate").execute()
        case .rollback: try rollbackGateSavepoint()
        }
    }

    private func rollbackGateSavepoint() throws {
        try cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT gate").execute()
        try cachedStatement(sql: "RELEASE SAVEPOINT gate").execute()
    }

    /// Steps a cached statement, handing each row to `body` until it returns false, and
    /// resets the statement. Errors are GRDB's `DatabaseError`, as from any other statement.
    private func leanStep(_ sql: String, _ arguments: LeanArguments, _ body: (LeanRow) -> Bool) throws {
        let statement = try cachedStatement(sql: sql)
        let stmt = statement.sqliteStatement
        sqlite3_reset(stmt)
        defer { sqlite3_reset(stmt) }
        try arguments.bind(to: stmt, sql: sql)
        try step(statement, body)
    }
}
