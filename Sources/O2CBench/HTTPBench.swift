import Hummingbird
import Logging
import O2CCore
import O2CLLM
import O2CServer

/// Figures of one load run.
public struct HTTPLoadResult: Sendable {
    /// What was measured.
    public let name: String
    /// Requests answered 2xx.
    public let ok: Int
    /// Requests that failed or were not 2xx.
    public let errors: Int
    /// Wall-clock seconds.
    public let seconds: Double
    /// Latency percentiles in milliseconds.
    public let p50Ms: Double
    /// 99th percentile latency in milliseconds.
    public let p99Ms: Double

    /// 2xx answers per second.
    public var requestsPerSecond: Double { seconds > 0 ? Double(ok) / seconds : 0 }
}

/// A small closed-loop load generator (libcurl, `connections` requests in flight at all times),
/// and the hello-world Hummingbird server the API is compared with.
public enum HTTPBench {
    /// Keeps `connections` requests in flight for `seconds`.
    public static func load(name: String, request: HTTPRequestSpec, connections: Int, seconds: Double,
                            transport: CurlTransport = CurlTransport()) async -> HTTPLoadResult {
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int(seconds * 1000))
        let perWorker = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<max(1, connections) {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    while ContinuousClock.now < end {
                        let t0 = ContinuousClock.now
                        let ok = ((try? await transport.send(request))?.status).map { (200..<300).contains($0) } ?? false
                        if ok { latencies.append(Duration.since(t0).inMilliseconds) } else { errors += 1 }
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Double], Int)] = []
            for await r in group { all.append(r) }
            return all
        }
        let latencies = perWorker.flatMap(\.0).sorted()
        let errors = perWorker.reduce(0) { $0 + $1.1 }
        return HTTPLoadResult(name: name, ok: latencies.count, errors: errors, seconds: Duration.since(start).inSeconds,
                              p50Ms: percentile(latencies, 0.50), p99Ms: percentile(latencies, 0.99))
    }

    /// The p-th percentile of sorted values (0 when empty).
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((Double(sorted.count) * p).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    /// A minimal Hummingbird server answering `GET /` with "Hello" (the ceiling of the benchmark).
    public static func startHelloWorld(host: String = "127.0.0.1") async throws -> ServerHandle {
        let router = Router()
        router.get("/") { _, _ in "Hello" }
        var logger = Logger(label: "o2c.hello")
        logger.logLevel = .warning
        return try await ServerHandle.start(logger: logger) { onRunning in
            Application(router: router, configuration: .init(address: .hostname(host, port: 0)),
                        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
        }
    }
}
