import Foundation

/// How transient faults (429, 5xx, timeouts, connection errors) are retried.
///
/// The delay before retry `n` (1-based) is `min(maxDelay, baseDelay * 2^(n-1))`, reduced by up to
/// `jitterFraction` using the injected jitter source; a `Retry-After` header (seconds) replaces the
/// computed delay. `sleep` and `jitter` are injectable so tests can be fast and deterministic.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first one.
    public var maxAttempts: Int
    /// Backoff before the first retry, in seconds.
    public var baseDelay: Double
    /// Upper bound of the computed (non Retry-After) backoff, in seconds.
    public var maxDelay: Double
    /// Fraction (0...1) of the backoff that jitter may remove.
    public var jitterFraction: Double
    /// Returns a value in `0..<1` used to jitter the backoff.
    public var jitter: @Sendable () -> Double
    /// Sleeps for the given number of seconds; throwing aborts the retry loop.
    public var sleep: @Sendable (Double) async throws -> Void

    /// Creates a policy.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Double = 0.5,
        maxDelay: Double = 8,
        jitterFraction: Double = 0.5,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Double) async throws -> Void = RetryPolicy.taskSleep
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitterFraction = min(1, max(0, jitterFraction))
        self.jitter = jitter
        self.sleep = sleep
    }

    /// Default policy: 4 attempts, 0.5 s base, exponential with jitter, real sleeping.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// A policy that never retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Real sleep using `Task.sleep`.
    public static let taskSleep: @Sendable (Double) async throws -> Void = { seconds in
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1_000_000_000))
    }

    /// Delay before retry number `retry` (1 = first retry), honouring `retryAfter` seconds when given.
    public func delay(beforeRetry retry: Int, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter >= 0 { return retryAfter }
        let exponent = Double(max(0, retry - 1))
        let backoff = min(maxDelay, baseDelay * pow(2, exponent))
        let r = min(1, max(0, jitter()))
        return backoff * (1 - jitterFraction * r)
    }
}
