import GRDB
import GRDBSQLite

/// The statements of the hottest reads (an order for the API and a token's check), numbered so
/// that a thread's reader keeps them prepared in an array (`LedgerThreadReader.statement`) and
/// finds one without hashing its SQL text, as GRDB's statement cache does on every use; their one
/// argument is bound straight through SQLite instead of GRDB's `StatementArguments`. Elsewhere
/// (the pool, the CLI) they come from GRDB's cache as any other statement.
enum ReadQuery: Int, CaseIterable {
    case orderByID, orderLines, events, authGeneration

    var sql: String {
        switch self {
        case .orderByID:
            return """
                SELECT \(Ledger.orderColumns), x.exponent, s.id, s.carrier, s.tracking_ref, s.ship_date FROM orders o
                JOIN currencies x ON x.code = o.currency LEFT JOIN shipments s ON s.order_id = o.id WHERE o.id = ?
                """
        case .orderLines:
            return "SELECT sku, quantity, unit_price_minor, net_minor, price_source, list_price_minor FROM order_lines WHERE order_id = ? ORDER BY line_no"
        case .events: return "SELECT type, created_at, payload FROM events WHERE subject_id = ? ORDER BY id"
        case .authGeneration: return "SELECT generation FROM auth_generation WHERE id = 1"
        }
    }
}

extension Database {
    /// The prepared statement of `query` on this connection.
    func statement(_ query: ReadQuery) throws -> Statement {
        if let reader = LedgerThreadReader.current, let statement = try reader.statement(query, on: self) { return statement }
        return try cachedStatement(sql: query.sql)
    }

    /// Every row of `query` (with `argument` bound as its text parameter), by position.
    func rows(_ query: ReadQuery, _ argument: String? = nil) throws -> [LeanRow] {
        var rows: [LeanRow] = []
        try step(query, argument) { rows.append($0); return true }
        return rows
    }

    /// The first row of `query`, or nil.
    func row(_ query: ReadQuery, _ argument: String? = nil) throws -> LeanRow? {
        var row: LeanRow?
        try step(query, argument) { row = $0; return false }
        return row
    }

    private func step(_ query: ReadQuery, _ argument: String?, _ body: (LeanRow) -> Bool) throws {
        let statement = try statement(query)
        let stmt = statement.sqliteStatement
        defer {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }
        if let argument {
            // Bound as the gate binds text (`String.leanBind`): the same bytes as GRDB's binding.
            let code = argument.leanBind(to: stmt, at: 1)
            guard code == SQLITE_OK else { throw failure(code, statement) }
        }
        try step(statement, body)
    }

    /// Steps a statement whose arguments are bound, handing each row to `body` until it returns
    /// false. Errors are GRDB's `DatabaseError`, as from any other statement; the caller resets.
    func step(_ statement: Statement, _ body: (LeanRow) -> Bool) throws {
        let stmt = statement.sqliteStatement
        let columns = sqlite3_column_count(stmt)
        while true {
            let code = sqlite3_step(stmt)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code, statement) }
            var values = ContiguousArray<DatabaseValue>()
            values.reserveCapacity(Int(columns))
            for k in 0..<columns { values.append(DatabaseValue(sqliteStatement: stmt, index: k)) }
            if !body(LeanRow(values: values)) { return }
        }
    }

    private func failure(_ code: Int32, _ statement: Statement) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: statement.sql)
    }
}
