import Foundation
import GRDB
import GRDBSQLite

/// The arguments of a lean statement (`Database.leanExec`, `leanRow`, …), written as an array
/// literal like GRDB's `StatementArguments` and bound straight to the prepared statement.
/// GRDB's arguments convert every value to a `DatabaseValue`, keep a second, named list and
/// check both against the statement on each use: a fifth of a gate action's instructions went
/// there. These bind each value with its own `sqlite3_bind_*` after one check of their number,
/// and store exactly what GRDB stores.
struct LeanArguments: ExpressibleByArrayLiteral {
    /// The values, in the order of the statement's `?` parameters; nil binds NULL.
    let values: [(any LeanBindable)?]

    init(arrayLiteral elements: (any LeanBindable)?...) {
        values = elements
    }

    /// The same values as GRDB arguments, for GRDB's own statement paths.
    var statementArguments: StatementArguments { StatementArguments(values.map { $0.map { $0 as any DatabaseValueConvertible } }) }

    /// Binds the values to `statement`'s parameters, after checking there is one per parameter
    /// (SQL text of this module: a mismatch is a programming error, reported as GRDB reports it).
    func bind(to statement: SQLiteStatement, sql: String) throws {
        let count = sqlite3_bind_parameter_count(statement)
        guard values.count == Int(count) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "wrong number of statement arguments: \(values.count) for \(count) parameters", sql: sql)
        }
        var index: CInt = 1
        for value in values {
            let code = value.map { $0.leanBind(to: statement, at: index) } ?? sqlite3_bind_null(statement, index)
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))), sql: sql)
            }
            index += 1
        }
    }
}

/// A value a lean statement binds: GRDB's own binding, except for text, which is bound from the
/// string's UTF-8 storage instead of a C string made for the call (GRDB's `String` binding
/// converts every string, small ones through a new array, a tenth of a gate action).
protocol LeanBindable: DatabaseValueConvertible {
    /// Binds the value to parameter `index` (1-based) of `statement`; SQLite's result code.
    func leanBind(to statement: SQLiteStatement, at index: CInt) -> CInt
}

extension LeanBindable {
    func leanBind(to statement: SQLiteStatement, at index: CInt) -> CInt { bind(to: statement, at: index) }
}

extension Int: LeanBindable {}
extension Int64: LeanBindable {}
extension Bool: LeanBindable {}
extension Data: LeanBindable {}
extension DatabaseValue: LeanBindable {}

extension String: LeanBindable {
    /// The text up to its first NUL, as GRDB binds it (a C string); copied by SQLite.
    func leanBind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        let code = utf8.withContiguousStorageIfAvailable { bytes -> CInt in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(statement, index, "", 0, leanTransient)
            }
            let length = memchr(base, 0, bytes.count).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
            guard length <= Int(CInt.max) else { return SQLITE_TOOBIG }
            return base.withMemoryRebound(to: CChar.self, capacity: length) {
                sqlite3_bind_text(statement, index, $0, CInt(length), leanTransient)
            }
        }
        return code ?? bind(to: statement, at: index)
    }
}

/// SQLite's `SQLITE_TRANSIENT`: it copies the bytes before the call returns.
private let leanTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
