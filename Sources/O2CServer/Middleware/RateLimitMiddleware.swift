import Hummingbird

/// Requests per token: a token bucket per user (429 `rate_limited` with Retry-After beyond it).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AuthenticatedContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let wait = limiter.take(context.user.name) {
            throw APIError.rateLimited(seconds: wait, code: "rate_limited", "more than \(limiter.rate) requests per second for this token")
        }
        return try await next(request, context)
    }
}
