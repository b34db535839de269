import Hummingbird

/// Answers 503 `timeout` when a route takes longer than the request timeout to produce its
/// response. The route is cancelled and awaited (a ledger call in flight finishes on its own
/// thread); a streamed body is not cut off, the timeout covers the work before the first byte.
struct RequestTimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let seconds: Double

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let seconds = self.seconds
        return try await withoutActuallyEscaping(next) { escapable in
            // The task group awaits both tasks before it returns, so `next` does not outlive this
            // call; Hummingbird builds it from Sendable responders, its type just does not say so.
            nonisolated(unsafe) let next = escapable
            return try await withThrowingTaskGroup(of: Response?.self) { group in
                group.addTask { try await next(request, context) }
                group.addTask {
                    try await Task.sleep(for: .seconds(seconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw APIError(status: .serviceUnavailable, code: "timeout", message: "the request took longer than \(Int(seconds)) s")
                }
                return response
            }
        }
    }
}
