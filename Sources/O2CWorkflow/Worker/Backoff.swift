/// How long a failed job waits before its next try: exponential in the tries so far, with
/// "equal jitter" (half fixed, half random) so workers that failed together do not retry
/// together. The random source is injected, so tests are deterministic.
public struct Backoff: Sendable {
    /// The wait after the first failed try, before jitter.
    public var baseSeconds: Double
    /// The longest wait.
    public var maxSeconds: Double
    /// A number in [0, 1).
    public var random: @Sendable () -> Double

    /// A backoff.
    public init(baseSeconds: Double = 2, maxSeconds: Double = 300, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
        self.random = random
    }

    /// Seconds to wait after try number `attempt` (1-based) failed.
    public func delaySeconds(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let ceiling = min(maxSeconds, baseSeconds * pow2(exponent))
        let r = min(max(random(), 0), 1)
        return ceiling / 2 + ceiling / 2 * r
    }

    private func pow2(_ e: Double) -> Double {
        var v = 1.0
        for _ in 0..<Int(e) { v *= 2 }
        return v
    }
}
