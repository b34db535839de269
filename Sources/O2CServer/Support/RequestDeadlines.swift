import NIOConcurrencyHelpers
import ServiceLifecycle

/// The request timeout's clock: one watcher for every request in flight, instead of a timer task
/// per request (a timer, a second child task and its cancellation cost an order read about a
/// fifth of its throughput, docs/PERFORMANCE.md). A route's task registers itself with its
/// deadline; the watcher wakes every `tick`, cancels the tasks whose deadline has passed and marks
/// them expired. A service of the application: it stops after the HTTP server, once every request
/// has finished.
final class RequestDeadlines: Service, Sendable {
    /// How often the watcher looks: a timeout fires at most this late.
    let tick: Duration
    private let state = NIOLockedValueBox(State())

    private struct State {
        var next: UInt64 = 0
        var requests: [UInt64: Registration] = [:]
    }

    /// A registered task. Its reference stays valid while registered: the task removes itself
    /// (under the lock) before it can end, and the watcher cancels only registered tasks (under
    /// the same lock).
    private struct Registration: @unchecked Sendable {
        let deadline: ContinuousClock.Instant
        let task: UnsafeCurrentTask
        var expired = false
    }

    /// A watcher waking every `tick`.
    init(tick: Duration) { self.tick = tick }

    /// Runs `body` in the current task, which is cancelled should it still run at `deadline`.
    /// Returns the body's outcome and whether the deadline passed. Call it from a task of its own
    /// (a child task of the request): a cancelled task stays cancelled.
    func run<T>(until deadline: ContinuousClock.Instant, _ body: () async throws -> T) async -> (Result<T, any Error>, expired: Bool) {
        let ticket: UInt64? = withUnsafeCurrentTask { task in
            guard let task else { return nil }
            return state.withLockedValue { s in
                s.next += 1
                s.requests[s.next] = Registration(deadline: deadline, task: task)
                return s.next
            }
        }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        let expired = ticket.map { t in state.withLockedValue { $0.requests.removeValue(forKey: t)?.expired ?? false } } ?? false
        return (result, expired)
    }

    /// Cancels every registered task whose deadline is at or before `now`.
    func expire(now: ContinuousClock.Instant = .now) {
        state.withLockedValue { s in
            for (ticket, registration) in s.requests where !registration.expired && registration.deadline <= now {
                s.requests[ticket]?.expired = true
                registration.task.cancel()
            }
        }
    }

    /// Looks every `tick` until the graceful shutdown.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.tick)
                self.expire()
            }
        }
    }
}
