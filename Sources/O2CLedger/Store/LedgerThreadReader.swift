import Foundation
import GRDB

/// One thread's own connection for reading a ledger. A server's ledger thread binds one for its
/// whole life, so the reads made on that thread (`Ledger.read`) skip the pool's checkout of a
/// reader (a dispatch barrier, a semaphore, a group and a lock per read, about a fifth of an order
/// read's CPU, docs/PERFORMANCE.md) and GRDB's savepoint SQL, which it parses on every read.
///
/// The connection is opened writable, as the pool's writer is, and then set `query_only`, so it
/// can never write; a connection opened with SQLite's read-only flag beside the server's writing
/// pool once answered "malformed". Each read is one deferred transaction, so a read sees one
/// committed state, as a pool read does; its `BEGIN` and `COMMIT` are prepared once and stepped
/// directly (`TransactionStatements`: GRDB's `execute` bookkeeping cost a read more than its own
/// query). A read made inside another on the same thread joins its transaction
/// (`Ledger.readingTogether`).
///
/// Not Sendable in spirit: it is used only by the thread that bound it.
public final class LedgerThreadReader: @unchecked Sendable {
    /// The ledger file it reads.
    let path: String
    private let queue: DatabaseQueue

    /// Opens a reading connection to `ledger`'s file; fails for a read-only ledger, which has no
    /// writing pool to stay beside (its reads stay on its own connection).
    public init(ledger: Ledger) throws(LedgerError) {
        guard !ledger.isReadOnly else { throw LedgerError(.readOnly, "\(ledger.path) is read-only; it keeps its one connection") }
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.label = "o2c-ledger-thread-reader"
        config.prepareDatabase { db in try db.execute(sql: "\(Ledger.readerPragmas); PRAGMA query_only = 1") }
        do {
            queue = try DatabaseQueue(path: ledger.path, configuration: config)
        } catch {
            throw Ledger.map(error, path: ledger.path)
        }
        path = ledger.path
    }

    /// `BEGIN`, `COMMIT` and `ROLLBACK`, prepared on the connection's first read.
    private var statements: TransactionStatements?
    /// The connection while a read transaction is open on it.
    private var openRead: Database?

    /// The `ReadQuery` statements prepared so far, by number.
    private var prepared: [Statement?] = Array(repeating: nil, count: ReadQuery.allCases.count)

    deinit {
        // Finalized before the connection closes.
        statements = nil
        prepared = []
    }

    /// `query`'s statement prepared on this reader's connection, when `db` is that connection
    /// inside a read; nil for any other connection.
    func statement(_ query: ReadQuery, on db: Database) throws -> Statement? {
        guard openRead === db else { return nil }
        if let statement = prepared[query.rawValue] { return statement }
        let statement = try db.makeStatement(sql: query.sql)
        prepared[query.rawValue] = statement
        return statement
    }

    /// Runs `body` in one read transaction on this connection; inside another read of this
    /// reader, in that read's transaction.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = openRead { return try body(db) }
        return try queue.inDatabase { db in
            let transaction = try statements ?? TransactionStatements(db)
            statements = transaction
            try transaction.begin.stepDirectly()
            openRead = db
            defer { openRead = nil }
            let value: T
            do {
                value = try body(db)
                try transaction.commit.stepDirectly()
            } catch {
                if db.isInsideTransaction { try? transaction.rollback.stepDirectly() }
                throw error
            }
            return value
        }
    }

    // MARK: the thread's reader

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The reader bound to the calling thread, if any.
    static var current: LedgerThreadReader? {
        pthread_getspecific(key).map { Unmanaged<LedgerThreadReader>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Makes this reader serve the reads of its ledger's file made on the calling thread, until
    /// `unbind()` on the same thread.
    public func bind() {
        Self.current.map { Unmanaged.passUnretained($0).release() }
        pthread_setspecific(Self.key, Unmanaged.passRetained(self).toOpaque())
    }

    /// Stops serving the calling thread's reads (they go through the ledger's pool again).
    public func unbind() {
        guard let bound = Self.current, bound === self else { return }
        Unmanaged.passUnretained(bound).release()
        pthread_setspecific(Self.key, nil)
    }
}

extension Ledger {
    /// Runs `body`, whose reads of this ledger share one read transaction (one snapshot of the
    /// ledger) when the calling thread reads through its own connection (`LedgerThreadReader`,
    /// a server's ledger threads): a route's scope check and its read then cost one transaction.
    /// Elsewhere each read in `body` is its own transaction, as without this. `body`'s errors
    /// pass as they are, except SQLite's own, which become a `LedgerError` as from any read.
    public func readingTogether<T>(_ body: () throws -> T) throws -> T {
        guard let reader = LedgerThreadReader.current, reader.path == path else { return try body() }
        do {
            return try reader.read { _ in try body() }
        } catch let e as DatabaseError {
            throw Ledger.map(e, path: path)
        }
    }
}
