import GRDB

/// Read-only SQL on the ledger file, for what the checks count (the driver never writes through it).
struct LedgerProbe: Sendable {
    private let queue: DatabaseQueue

    init(path: String) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    /// One integer (0 for NULL).
    func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    /// Rows of (text, text) from `sql`'s first two columns.
    func pairs(_ sql: String, _ arguments: StatementArguments = []) throws -> [(String, String)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { (Self.text($0[0]), Self.text($0[1])) }
        }
    }

    private static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case .int64(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): s
        case .blob(let b): String(decoding: b, as: UTF8.self)
        }
    }

    /// The first column of `sql` as strings.
    func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Jobs finished so far (the progress the kill points are placed on).
    func doneJobs() -> Int { (try? int("SELECT COUNT(*) FROM jobs WHERE status = 'done'")) ?? 0 }
}
