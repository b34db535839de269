import O2CLedger
import ServiceLifecycle

/// A server's ledger threads are a service of the application: they stop after the HTTP server,
/// once every request has finished.
extension LedgerExecutor: Service {
    /// Waits for the graceful shutdown, then stops.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}
