import NIOPosix
import O2CLedger
import ServiceLifecycle

/// The threads that make the ledger's blocking SQLite calls, so that async routes never block
/// Swift's cooperative pool (two threads on a two-core machine). Each thread also keeps a
/// read-only connection of its own to the ledger file for the routes that only read: a read is
/// then one transaction on a connection no other thread touches, without the pool's checkout and
/// its locks (which cost an order read a fifth of its CPU, docs/PERFORMANCE.md). A service of the
/// application: it stops after the HTTP server, once every request has finished; stopping the
/// threads closes their connections.
final class LedgerExecutor: Service {
    private let pool: NIOThreadPool
    private let ledger: Ledger
    private let readers = ThreadSpecificVariable<Ledger>()

    init(ledger: Ledger, threads: Int) {
        self.ledger = ledger
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    /// Runs `body` with the ledger on one of the ledger threads and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        let ledger = self.ledger
        return try await pool.runIfActive { try body(ledger) }
    }

    /// Runs `body` on one of the ledger threads with that thread's read-only ledger; it must not
    /// write. Should the file not open for reading (an in-memory ledger, say), it reads through
    /// the ledger itself.
    func read<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await pool.runIfActive { try body(self.reader()) }
    }

    private func reader() -> Ledger {
        if let reader = readers.currentValue { return reader }
        let reader = ledger.reader() ?? ledger
        readers.currentValue = reader
        return reader
    }

    /// Waits for the graceful shutdown, then stops the threads.
    func run() async throws {
        try? await gracefulShutdown()
        try await pool.shutdownGracefully()
    }
}
