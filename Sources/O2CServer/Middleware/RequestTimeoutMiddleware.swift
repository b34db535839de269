import Hummingbird

/// Answers 503 `timeout` when a route takes longer than the request timeout to produce its
/// response. The route runs in a child task that `RequestDeadlines` cancels at the deadline; the
/// route is awaited (a ledger call in flight finishes on its own thread) and the answer is the
/// timeout. A streamed body is not cut off: the timeout covers the work before the first byte.
/// The child task starts on `executor` (the ledger threads), where the rest of the route runs.
struct RequestTimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let seconds: Double
    let deadlines: RequestDeadlines
    let executor: (any TaskExecutor)?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let deadlines = self.deadlines, executor = self.executor
        let outcome = await withoutActuallyEscaping(next) { escapable in
            // The task group awaits its task before it returns, so `next` does not outlive this
            // call; Hummingbird builds it from Sendable responders, its type just does not say so.
            nonisolated(unsafe) let next = escapable
            return await withTaskGroup(of: (Result<Response, any Error>, expired: Bool).self) { group in
                group.addTask(executorPreference: executor) { await deadlines.run(until: deadline) { try await next(request, context) } }
                return await group.next()
            }
        }
        guard let outcome, !outcome.expired else {
            throw APIError(status: .serviceUnavailable, code: "timeout", message: "the request took longer than \(Int(seconds)) s")
        }
        return try outcome.0.get()
    }
}
