import NIOConcurrencyHelpers

/// Token buckets by key: `rate` per second on average, `burst` at once.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: Double }
    let rate: Double
    let burst: Double
    private let clock: @Sendable () -> Double
    private let buckets = NIOLockedValueBox<[String: Bucket]>([:])
    /// Past this many keys, full buckets are forgotten (they carry no information).
    private let maxKeys = 10_000

    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double) {
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
    }

    /// Takes one token: nil when there was one, else the seconds until there is.
    func take(_ key: String) -> Double? { update(key, taking: true) }

    /// The seconds until `key` has a token again, without taking one; nil when it has one now.
    func wait(_ key: String) -> Double? { update(key, taking: false) }

    private func update(_ key: String, taking: Bool) -> Double? {
        let now = clock()
        return buckets.withLockedValue { b in
            if b.count > maxKeys { b = b.filter { $0.value.tokens + (now - $0.value.at) * rate < burst } }
            var bucket = b[key] ?? Bucket(tokens: burst, at: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.at) * rate)
            bucket.at = now
            defer { if taking || b[key] != nil { b[key] = bucket } }
            guard bucket.tokens >= 1 else { return rate > 0 ? (1 - bucket.tokens) / rate : 1 }
            if taking { bucket.tokens -= 1 }
            return nil
        }
    }
}
