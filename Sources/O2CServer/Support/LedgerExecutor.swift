import NIOPosix
import ServiceLifecycle

/// The threads that make the ledger's blocking SQLite calls, so that async routes never block
/// Swift's cooperative pool (two threads on a two-core machine). A service of the application:
/// it stops after the HTTP server, once every request has finished.
final class LedgerExecutor: Service {
    private let pool: NIOThreadPool

    init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    /// Runs `body` on one of the ledger threads and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

    /// Waits for the graceful shutdown, then stops the threads.
    func run() async throws {
        try? await gracefulShutdown()
        try await pool.shutdownGracefully()
    }
}
