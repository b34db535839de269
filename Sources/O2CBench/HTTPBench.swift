import Foundation
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

    /// Figures of a run measured elsewhere.
    public init(name: String, ok: Int, errors: Int, seconds: Double, p50Ms: Double, p99Ms: Double) {
        self.name = name
        self.ok = ok
        self.errors = errors
        self.seconds = seconds
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }

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

    /// The path of `wrk` on `PATH`, when it is installed.
    public static func wrkPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `wrk` (a separate process, so the load does not share this process's threads) with
    /// `connections` connections on 2 threads for `seconds`, and reads its figures.
    public static func wrk(_ path: String, name: String, url: String, headers: [String: String] = [:], connections: Int,
                           seconds: Double) async throws -> HTTPLoadResult {
        var arguments = ["-t2", "-c\(max(2, connections))", "-d\(max(1, Int(seconds.rounded())))s", "--latency"]
        for (field, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(field): \(value)"] }
        arguments.append(url)
        let command = arguments
        let output = try await blocking { Result { try ChildProcess.run(path, arguments: command, timeoutSeconds: seconds + 30) } }.get()
        let text = String(decoding: output.stdout, as: UTF8.self)
        guard output.status == 0, let result = parseWrk(text, name: name) else {
            throw BenchError(message: "wrk did not run (status \(output.status)): \(text)\(String(decoding: output.stderr, as: UTF8.self))")
        }
        return result
    }

    /// The figures of a `wrk --latency` report: requests, seconds, the 50th and 99th percentile,
    /// and non-2xx answers and socket errors counted as errors. Nil when the report lacks them.
    public static func parseWrk(_ text: String, name: String) -> HTTPLoadResult? {
        var total: Int?, seconds: Double?, p50: Double?, p99: Double?, errors = 0
        for raw in text.split(separator: "\n") {
            let words = raw.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = words.first else { continue }
            if words.count >= 4, words[1] == "requests", words[2] == "in", let n = Int(first) {
                total = n
                seconds = milliseconds(words[3].trimmingCharacters(in: CharacterSet(charactersIn: ","))).map { $0 / 1000 }
            } else if first == "50%", words.count == 2 {
                p50 = milliseconds(words[1])
            } else if first == "99%", words.count == 2 {
                p99 = milliseconds(words[1])
            } else if raw.contains("Non-2xx or 3xx responses:"), let n = words.last.flatMap({ Int($0) }) {
                errors += n
            } else if first == "Socket", raw.contains("errors:") {
                errors += words.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }.reduce(0, +)
            }
        }
        guard let total, let seconds, seconds > 0, let p50, let p99 else { return nil }
        return HTTPLoadResult(name: name, ok: max(0, total - errors), errors: errors, seconds: seconds, p50Ms: p50, p99Ms: p99)
    }

    /// `870.00us`, `5.65ms`, `1.06s`, `2.00m` in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
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
