import Foundation

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Per-token token buckets: `rate` requests per second on average, `burst` at once.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: Double }
    let rate: Double
    let burst: Double
    private let clock: @Sendable () -> Double
    private let buckets = Locked<[String: Bucket]>([:])

    init(rate: Double, burst: Double, clock: @escaping @Sendable () -> Double) {
        self.rate = rate
        self.burst = burst
        self.clock = clock
    }

    /// nil when the request may go ahead, else the seconds to wait.
    func take(_ key: String) -> Double? {
        let now = clock()
        return buckets.withLock { b in
            var bucket = b[key] ?? Bucket(tokens: burst, at: now)
            bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.at) * rate)
            bucket.at = now
            defer { b[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return rate > 0 ? (1 - bucket.tokens) / rate : 1
        }
    }
}

/// The counters behind `GET /metrics`, written out in the Prometheus text format.
final class Metrics: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private struct State {
        var requests: [String: Int] = [:]  // "route\u{0}method\u{0}status"
        var latencyBuckets = [Int](repeating: 0, count: Metrics.buckets.count)
        var latencyCount = 0
        var latencySum = 0.0
        var runs: [String: Int] = [:]
        var inputTokens = 0
        var outputTokens = 0
        var inFlight = 0
    }

    private let state = Locked(State())

    func started() { state.withLock { $0.inFlight += 1 } }

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.inFlight -= 1
            s.requests["\(route)\u{0}\(method)\u{0}\(status)", default: 0] += 1
            for (k, limit) in Metrics.buckets.enumerated() where seconds <= limit { s.latencyBuckets[k] += 1 }
            s.latencyCount += 1
            s.latencySum += seconds
        }
    }

    func recordRun(state runState: String, inputTokens: Int, outputTokens: Int) {
        state.withLock { s in
            s.runs[runState, default: 0] += 1
            s.inputTokens += inputTokens
            s.outputTokens += outputTokens
        }
    }

    func render(approvalsPending: Int?) -> String {
        let s = state.withLock { $0 }
        var out = ""
        out += "# HELP o2c_http_requests_total HTTP requests by route, method and status.\n# TYPE o2c_http_requests_total counter\n"
        for (key, n) in s.requests.sorted(by: { $0.key < $1.key }) {
            let p = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            guard p.count == 3 else { continue }
            out += "o2c_http_requests_total{route=\"\(p[0])\",method=\"\(p[1])\",status=\"\(p[2])\"} \(n)\n"
        }
        out += "# HELP o2c_http_request_duration_seconds Time to answer a request (handler and middleware).\n# TYPE o2c_http_request_duration_seconds histogram\n"
        for (k, limit) in Metrics.buckets.enumerated() {
            out += "o2c_http_request_duration_seconds_bucket{le=\"\(limit)\"} \(s.latencyBuckets[k])\n"
        }
        out += "o2c_http_request_duration_seconds_bucket{le=\"+Inf\"} \(s.latencyCount)\n"
        out += "o2c_http_request_duration_seconds_sum \(s.latencySum)\n"
        out += "o2c_http_request_duration_seconds_count \(s.latencyCount)\n"
        out += "# HELP o2c_http_requests_in_flight Requests being answered.\n# TYPE o2c_http_requests_in_flight gauge\n"
        out += "o2c_http_requests_in_flight \(s.inFlight)\n"
        out += "# HELP o2c_agent_runs_total Agent runs started through the API, by terminal state.\n# TYPE o2c_agent_runs_total counter\n"
        for st in ["completed", "waiting_approval", "incomplete", "failed"] {
            out += "o2c_agent_runs_total{state=\"\(st)\"} \(s.runs[st] ?? 0)\n"
        }
        out += "# HELP o2c_model_tokens_total Model tokens used by runs started through the API.\n# TYPE o2c_model_tokens_total counter\n"
        out += "o2c_model_tokens_total{direction=\"input\"} \(s.inputTokens)\n"
        out += "o2c_model_tokens_total{direction=\"output\"} \(s.outputTokens)\n"
        if let approvalsPending {
            out += "# HELP o2c_approvals_pending Approval requests waiting for a decision.\n# TYPE o2c_approvals_pending gauge\n"
            out += "o2c_approvals_pending \(approvalsPending)\n"
        }
        return out
    }
}
