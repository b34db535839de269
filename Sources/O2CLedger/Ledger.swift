import Foundation
import CSQLiteTuning
import GRDB
import O2CCore

/// The ledger: the system of record and the only way to change it.
///
/// It owns the database connection privately. Business changes go through `submit(_:)`, the
/// gate; reference data (customers, products, rates) enters through `setUp(_:)`, which is
/// audited too. No other module can reach a SQL write.
public final class Ledger: Sendable {
    private let writer: any DatabaseWriter
    /// Concurrent gate submissions share a commit through it.
    let groupCommit: GroupCommit
    /// The users of recently presented tokens (`authenticate`).
    let tokenCache: TokenCache
    /// The base currency and currency exponents, once the gate has read them.
    let currencies: CurrencyCache
    /// Where "now" comes from.
    public let clock: any LedgerClock
    /// The guardrail step of the gate.
    public let policy: any ActionPolicy
    /// The largest document and line the gate accepts.
    public let limits: LedgerLimits
    /// The database file.
    public let path: String
    /// Whether the file could only be opened for reading.
    public let isReadOnly: Bool

    private init(writer: any DatabaseWriter, path: String, clock: any LedgerClock, policy: any ActionPolicy, limits: LedgerLimits, readOnly: Bool,
                 groupCommit: GroupCommit = GroupCommit(), tokenCache: TokenCache = TokenCache(), currencies: CurrencyCache = CurrencyCache()) {
        self.writer = writer
        self.groupCommit = groupCommit
        self.tokenCache = tokenCache
        self.currencies = currencies
        self.path = path
        self.clock = clock
        self.policy = policy
        self.limits = limits
        self.isReadOnly = readOnly
    }

    /// The same ledger (same file and connections) behind another guardrail step, for loads such
    /// as the demo history; it grants nothing new: anyone who can open the file picks its policy.
    public func with(policy: any ActionPolicy) -> Ledger {
        Ledger(writer: writer, path: path, clock: clock, policy: policy, limits: limits, readOnly: isReadOnly, groupCommit: groupCommit, tokenCache: tokenCache,
               currencies: currencies)
    }

    // MARK: opening

    /// Opens an existing ledger behind `policy`, the guardrail step of its gate. There is no
    /// default policy: a caller without guardrails passes `MissingGuardrailsPolicy`, which
    /// refuses every write.
    public static func open(path: String, clock: any LedgerClock = SystemClock(), policy: any ActionPolicy,
                            limits: LedgerLimits = LedgerLimits()) throws(LedgerError) -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.notInitialized, "no ledger at \(path); create one with 'o2c init' (or 'o2c init --demo'), or point O2C_DB / --db at it")
        }
        try checkHeader(path)
        let readOnly = access(path, W_OK) != 0 || access(directory(of: path), W_OK) != 0
        let ledger: Ledger
        if readOnly {
            // A WAL database in a folder we cannot write, without its -shm file, cannot be opened
            // the usual way; nobody can be writing it, so read it as immutable.
            if let plain = try? connect(path: path, clock: clock, policy: policy, limits: limits, readOnly: true),
               (try? plain.writer.read({ db in try db.tableExists("company") })) != nil {
                ledger = plain
            } else {
                ledger = try connect(path: path, clock: clock, policy: policy, limits: limits, readOnly: true, immutable: true)
            }
        } else {
            ledger = try connect(path: path, clock: clock, policy: policy, limits: limits, readOnly: false)
        }
        let isLedger: Bool
        do {
            isLedger = try ledger.writer.read { db in try db.tableExists("company") && db.tableExists("audit_log") }
        } catch {
            throw map(error, path: path)
        }
        guard isLedger else {
            throw LedgerError(.notADatabase, "\(path) is an SQLite database but not an o2c ledger; give the path of an o2c ledger or create one with 'o2c init'")
        }
        try ledger.migrate()
        return ledger
    }

    /// Opens an existing ledger for reading only, on one read-only connection: what a command
    /// that only reads needs, at the lowest start-up cost (no writer, no pool, no migration run).
    /// A ledger whose schema is not current is opened as `open` does (which upgrades it).
    public static func openForReading(path: String, clock: any LedgerClock = SystemClock(), policy: any ActionPolicy) throws(LedgerError) -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { return try open(path: path, clock: clock, policy: policy) }
        try checkHeader(path)
        if let ledger = try? connect(path: path, clock: clock, policy: policy, limits: LedgerLimits(), readOnly: true),
           (try? ledger.writer.read({ db in try db.tableExists("audit_log") && Schema.migrator().hasCompletedMigrations(db) })) == true {
            return ledger
        }
        return try open(path: path, clock: clock, policy: policy)
    }

    /// Creates a new, empty ledger for a company with a base currency, behind `policy` (as `open`).
    public static func create(path: String, companyName: String, baseCurrency: String, clock: any LedgerClock = SystemClock(),
                              policy: any ActionPolicy, limits: LedgerLimits = LedgerLimits()) throws(LedgerError) -> Ledger {
        guard let base = Currency.lookup(baseCurrency) else {
            throw LedgerError(.badRequest, "base currency '\(baseCurrency)' is not an ISO 4217 code o2c knows")
        }
        if FileManager.default.fileExists(atPath: path) {
            try checkHeader(path)
            if let existing = try? open(path: path, clock: clock, policy: policy, limits: limits),
               (try? existing.writer.read({ db in try Int.fetchOne(db, sql: "SELECT count(*) FROM company") ?? 0 })) ?? 0 > 0 {
                throw LedgerError(.alreadyInitialized, "\(path) already holds a ledger; remove it first or choose another path with --db")
            }
        }
        if access(directory(of: path), W_OK) != 0 {
            throw LedgerError(.readOnly, "cannot create \(path): its folder is not writable")
        }
        if !FileManager.default.fileExists(atPath: path) {
            // Small pages before the file turns WAL (it cannot change after): a commit writes
            // every page it touched, so smaller pages mean fewer bytes per action.
            do {
                _ = sqliteConfigured
                let queue = try DatabaseQueue(path: path)
                try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = \(pageSize); VACUUM") }
                try queue.close()
            } catch {
                throw map(error, path: path)
            }
        }
        let ledger = try connect(path: path, clock: clock, policy: policy, limits: limits, readOnly: false)
        try ledger.migrate()
        do {
            try ledger.writer.write { db in
                try db.execute(sql: "INSERT INTO company (id, name, base_currency, created_at) VALUES (1, ?, ?, ?)",
                               arguments: [companyName, base.code, clock.now().iso8601])
                try db.execute(sql: "INSERT INTO currencies (code, exponent) VALUES (?, ?)", arguments: [base.code, base.exponent])
                for a in Account.allCases {
                    try db.execute(sql: "INSERT INTO accounts (code, name, kind) VALUES (?, ?, ?)", arguments: [a.rawValue, a.name, a.kind])
                }
                _ = try Audit.append(db, at: clock.now().iso8601, actor: .workflow, action: "init",
                                     args: JSONValue.object(JSONObject([("company", .string(companyName)), ("base_currency", .string(base.code))])).canonical,
                                     result: "{}", idempotencyKey: nil, approvalID: nil)
            }
        } catch {
            throw map(error, path: path)
        }
        return ledger
    }

    private static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    private static func checkHeader(_ path: String) throws(LedgerError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.readOnly, "cannot read \(path): check its permissions")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }
        if header != Data("SQLite format 3\0".utf8) {
            throw LedgerError(.notADatabase, "\(path) is not an SQLite database; give the path of an o2c ledger (O2C_DB or --db) or create one with 'o2c init'")
        }
    }

    private static func connect(path: String, clock: any LedgerClock, policy: any ActionPolicy, limits: LedgerLimits, readOnly: Bool,
                                immutable: Bool = false) throws(LedgerError) -> Ledger {
        _ = sqliteConfigured
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.foreignKeysEnabled = true
        config.label = "o2c-ledger"
        do {
            if readOnly {
                config.readonly = true
                let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
                let encoded = absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute
                let queue = try DatabaseQueue(path: immutable ? "file:\(encoded)?immutable=1" : path, configuration: config)
                return Ledger(writer: queue, path: path, clock: clock, policy: policy, limits: limits, readOnly: true)
            }
            config.prepareDatabase { db in
                // WAL + NORMAL: a commit is durable across a crash of o2c; a power cut may lose
                // the last commits but never corrupts (docs/LEDGER.md). Larger checkpoints cut
                // the fsyncs per transaction. Every connection keeps SQLite's default 2 MB page
                // cache: the gate's working set is the right edges of the B-trees, and a larger
                // writer cache bought no gate throughput while it filled with stored agent traces
                // (8 MB cost the agents 6–10 MiB of peak memory, docs/PERFORMANCE.md).
                try db.execute(sql: db.configuration.readonly ? Ledger.readerPragmas : Ledger.connectionPragmas)
            }
            let pool = try DatabasePool(path: path, configuration: config)
            return Ledger(writer: pool, path: path, clock: clock, policy: policy, limits: limits, readOnly: false)
        } catch {
            throw map(error, path: path)
        }
    }

    /// SQLite's process settings, made once before the first connection: memory statistics off
    /// (they take a process-wide mutex around every allocation; SQLite recommends them off, and
    /// o2c sets no soft heap limit that would need them).
    static let sqliteConfigured: Void = { _ = o2c_sqlite_disable_memstatus() }()

    /// The page size of new ledgers, in bytes: measured 13% more actions per second than 4096
    /// (docs/PERFORMANCE.md), at the cost of slightly deeper B-trees for reports.
    static let pageSize = 1024

    /// The SQLite settings of every writing connection (WAL comes with the pool); public so the
    /// raw-insert ceiling of `o2c bench ledger` measures SQLite under the same settings.
    public static let connectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16000; PRAGMA cache_size = -2000; PRAGMA secure_delete = OFF"
    /// The settings of a pool's reading connections.
    static let readerPragmas = "PRAGMA cache_size = -2000"

    private func migrate() throws(LedgerError) {
        let migrator = Schema.migrator()
        do {
            if isReadOnly {
                let done = try writer.read { db in try migrator.hasCompletedMigrations(db) }
                if !done { throw LedgerError(.readOnly, "\(path) needs an upgrade but is read-only; open it once with write access") }
                return
            }
            let unknown = try writer.read { db in try migrator.hasBeenSuperseded(db) }
            if unknown { throw LedgerError(.newerSchema, "\(path) was written by a newer o2c; upgrade o2c to open it") }
            try migrator.migrate(writer)
        } catch let e as LedgerError {
            throw e
        } catch {
            throw Ledger.map(error, path: path)
        }
    }

    static func map(_ error: any Error, path: String) -> LedgerError {
        if let e = error as? LedgerError { return e }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB:
                return LedgerError(.notADatabase, "\(path) is not an SQLite database; give the path of an o2c ledger (O2C_DB or --db) or create one with 'o2c init'", underlying: e.description)
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return LedgerError(.readOnly, "\(path) cannot be written (read-only file or folder); fix its permissions or copy it somewhere writable", underlying: e.description)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return LedgerError(.storage, "\(path) is busy (another o2c is writing); try again", underlying: e.description)
            case .SQLITE_FULL:
                return LedgerError(.storage, "the disk holding \(path) is full", underlying: e.description)
            default:
                return LedgerError(.storage, "SQLite failed on \(path): \(e.message ?? e.description)", underlying: e.description)
            }
        }
        return LedgerError(.storage, "storage failure on \(path): \(error)", underlying: String(describing: error))
    }

    // MARK: access for the rest of the module

    /// Runs `body` in one read transaction: on the calling thread's own connection when one is
    /// bound to this file (`LedgerThreadReader`, a server's ledger threads), else on the pool.
    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            if let reader = LedgerThreadReader.current, reader.path == path { return try reader.read(body) }
            return try writer.read(body)
        } catch {
            throw Ledger.map(error, path: path)
        }
    }

    /// Runs a gate body in a transaction shared with the submissions waiting at the same time
    /// (`GroupCommit`); returns once that transaction is durable.
    func writeShared(_ body: @escaping (Database) throws -> GateOutcome) throws(LedgerError) -> GateOutcome {
        if isReadOnly { throw LedgerError(.readOnly, "\(path) is read-only; nothing was written") }
        do {
            return try groupCommit.submit(writer, body)
        } catch {
            throw Ledger.map(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        if isReadOnly { throw LedgerError(.readOnly, "\(path) is read-only; nothing was written") }
        do {
            return try writer.write(body)
        } catch {
            throw Ledger.map(error, path: path)
        }
    }

    /// The company's base currency.
    public func baseCurrency() throws(LedgerError) -> Currency {
        try read { db in try Ledger.baseCurrency(db) }
    }

    static func baseCurrency(_ db: Database) throws -> Currency {
        guard let r = try db.leanRow("SELECT c.code, c.exponent FROM company JOIN currencies c ON c.code = company.base_currency") else {
            throw LedgerError(.notInitialized, "the ledger has no company yet; run 'o2c init'")
        }
        return Currency(code: r[0], exponent: r[1])
    }

    /// Converts minor units between currencies at `rateE9` (base units per unit of `from`, × 10^9),
    /// rounding half away from zero; nil when the result does not fit in 64-bit minor units or
    /// the rate is not positive (never clamped).
    public static func convert(_ minor: Int64, from: Currency, to base: Currency, rateE9: Int64) -> Int64? {
        if from == base { return minor }
        guard rateE9 > 0, abs(base.exponent - from.exponent) <= 18 else { return nil }
        // |minor × rate| < 2^63 × 2^63 and the exponents differ by at most 4 for known currencies,
        // so the 128-bit product cannot overflow.
        var num = Int128(minor) * Int128(rateE9)
        var den = Int128(1_000_000_000)
        let shift = base.exponent - from.exponent
        if shift > 0 {
            for _ in 0..<shift {
                let (r, overflow) = num.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                num = r
            }
        } else if shift < 0 {
            for _ in 0..<(-shift) { den *= 10 }
        }
        return Int64(exactly: Rounding.divide(num, by: den))
    }
}
