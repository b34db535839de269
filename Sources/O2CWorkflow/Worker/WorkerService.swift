import Foundation
import ServiceLifecycle

/// The worker as a ServiceLifecycle service: beside the HTTP server in `o2c serve`, or alone in
/// `o2c worker`. On graceful shutdown it finishes the job in hand and stops.
public struct WorkerService: Service {
    /// The worker.
    public let worker: Worker
    /// Seconds between polls when nothing is runnable.
    public let pollSeconds: Double
    /// Where a failure of the worker itself goes (the ledger busy or unreadable for a while); the
    /// worker keeps going, so a passing problem never stops the server beside it.
    public let report: @Sendable (String) -> Void

    /// A service; problems go to standard error unless `report` says otherwise.
    public init(worker: Worker, pollSeconds: Double = 0.5, report: @escaping @Sendable (String) -> Void = WorkerService.standardError) {
        self.worker = worker
        self.pollSeconds = pollSeconds
        self.report = report
    }

    /// Writes a line to standard error.
    @Sendable public static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    public func run() async throws {
        var started = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var idle = true
            do {
                if !started {
                    try await worker.start()
                    started = true
                }
                idle = try await worker.drain(maxJobs: 100).runs.isEmpty
            } catch {
                report("o2c worker \(worker.owner): \(error); trying again in \(Int(max(pollSeconds, 1))) s")
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(max(pollSeconds, 1))) }
                continue
            }
            if idle {
                // Sleep, but wake at once for a graceful shutdown.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(pollSeconds * 1000))) }
            }
        }
    }
}
