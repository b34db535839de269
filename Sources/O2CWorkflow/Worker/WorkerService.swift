import ServiceLifecycle

/// The worker as a ServiceLifecycle service: beside the HTTP server in `o2c serve`, or alone in
/// `o2c worker`. On graceful shutdown it finishes the job in hand and stops.
public struct WorkerService: Service {
    /// The worker.
    public let worker: Worker
    /// Seconds between polls when nothing is runnable.
    public let pollSeconds: Double

    /// A service.
    public init(worker: Worker, pollSeconds: Double = 0.5) {
        self.worker = worker
        self.pollSeconds = pollSeconds
    }

    public func run() async throws {
        try await worker.start()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let report = try await worker.drain(maxJobs: 100)
            if report.runs.isEmpty {
                // Sleep, but wake at once for a graceful shutdown.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(pollSeconds * 1000))) }
            }
        }
    }
}
