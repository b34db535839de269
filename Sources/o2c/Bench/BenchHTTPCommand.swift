import ArgumentParser
import Foundation
import O2CBench
import O2CCore
import O2CLedger
import O2CLLM
import O2CScriptedModel
import O2CServer

/// `o2c bench http`: the API's read rate and p99 against a hello-world Hummingbird server in the
/// same run, and the overhead of `/v1/ask` beyond the scripted model's own latency.
struct BenchHTTPCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "HTTP API throughput and p99 (GET /v1/orders/{id}, /healthz) against a hello-world Hummingbird ceiling, and /v1/ask overhead.",
        discussion: """
            Runs the servers in-process on 127.0.0.1 against a fresh demo ledger; the load comes from wrk (a separate process, 2 threads) \
            when it is on PATH, else from a closed-loop libcurl generator in this process. The access log is off while measuring.
            """
    )

    @Option(help: "Requests in flight at once.") var connections = 64
    @Option(help: "Load generator: wrk (the default when it is on PATH) or curl (built in, sharing this process's threads).")
    var load: String?
    @Option(help: "Seconds per measurement.") var seconds = 5.0
    @Option(help: "Seconds of /v1/ask, one at a time, each followed by one direct call of the scripted model.") var askSeconds = 8.0
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !(seconds > 0 && seconds <= 600) { throw ValidationError("--seconds must be more than 0 and at most 600, not \(seconds)") }
        if !(askSeconds > 0 && askSeconds <= 600) { throw ValidationError("--ask-seconds must be more than 0 and at most 600, not \(askSeconds)") }
        if connections < 1 || connections > 10_000 { throw ValidationError("--connections must be between 1 and 10000, not \(connections)") }
    }

    func run() async throws {
        let wrk: String?
        switch load {
        case nil: wrk = HTTPBench.wrkPath()
        case "curl": wrk = nil
        case "wrk":
            guard let path = HTTPBench.wrkPath() else { throw CLIExit(code: 2, message: "--load wrk: wrk is not on PATH; install it (apt-get install wrk) or use --load curl") }
            wrk = path
        case let other?: throw CLIExit(code: 2, message: "--load must be wrk or curl, not '\(other)'")
        }
        let dir = NSTemporaryDirectory() + "o2c-bench-http-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/demo.sqlite"
        try DemoLedger.create(path: path)
        let home = Settings.current.home
        let ledger = try Ledger.open(path: path, clock: ManualClock(date: DemoLedger.asOf), policy: home.policy())
        let token = try ledger.rotateToken(name: "mia").token
        guard let orderID = try ledger.orders(ListFilter(limit: 1)).first?.id else {
            throw CLIExit(code: 1, message: "the demo ledger has no orders")
        }
        let model = ScriptedModelServer(script: [.text("Acme Corp can take it on credit.")], turnSelection: .byConversation, recordRequests: false)
        try model.start()
        defer { model.stop() }
        let client = OpenAIChatClient(baseURL: model.openAIBaseURL, apiKey: nil, retryPolicy: .none)
        var config = ServerConfig(ledger: ledger, home: home, port: 0, modelClient: client)
        config.requestsPerSecondPerToken = 0
        config.logger.logLevel = .warning
        let api = try await ServerHandle.start(config: config)
        let hello = try await HTTPBench.startHelloWorld()
        let auth = ["Authorization": "Bearer " + token]
        let base = "http://127.0.0.1:\(api.port)"
        func get(_ url: String, _ headers: [String: String] = [:]) -> HTTPRequestSpec {
            HTTPRequestSpec(method: "GET", url: url, headers: headers, timeoutSeconds: 30)
        }
        func measure(_ name: String, _ url: String, _ headers: [String: String] = [:]) async throws -> HTTPLoadResult {
            guard let wrk else { return await HTTPBench.load(name: name, request: get(url, headers), connections: connections, seconds: seconds) }
            return try await HTTPBench.wrk(wrk, name: name, url: url, headers: headers, connections: connections, seconds: seconds)
        }
        let ceiling = try await measure("hello_world", "http://127.0.0.1:\(hello.port)/")
        let health = try await measure("healthz", base + "/healthz")
        let order = try await measure("order_read", base + "/v1/orders/\(orderID)", auth)
        // /v1/ask one at a time, each followed by one call of the model directly, so both samples
        // see the same moments of a shared machine: the p99 of each over the same seconds.
        let askSpec = HTTPRequestSpec(method: "POST", url: base + "/v1/ask", headers: auth.merging(["Content-Type": "application/json"]) { a, _ in a },
                                      body: Array(#"{"question": "Can Acme Corp take 40 more WID-100 on credit?"}"#.utf8), timeoutSeconds: 30)
        let transport = CurlTransport()
        var askLatencies: [Double] = [], modelLatencies: [Double] = []
        var askErrors = 0
        let until = ContinuousClock.now + .milliseconds(Int(askSeconds * 1000))
        while ContinuousClock.now < until {
            var t0 = ContinuousClock.now
            if let status = (try? await transport.send(askSpec))?.status, (200..<300).contains(status) {
                askLatencies.append(Duration.since(t0).inMilliseconds)
            } else {
                askErrors += 1
            }
            t0 = ContinuousClock.now
            _ = try? await client.complete(ModelRequest(model: "bench", messages: [.user("Can Acme Corp take 40 more WID-100 on credit?")]))
            modelLatencies.append(Duration.since(t0).inMilliseconds)
        }
        askLatencies.sort()
        // Asks per second of time spent asking (the model's calls in between do not count).
        let ask = HTTPLoadResult(name: "ask", ok: askLatencies.count, errors: askErrors, seconds: askLatencies.reduce(0, +) / 1000,
                                 p50Ms: HTTPBench.percentile(askLatencies, 0.50), p99Ms: HTTPBench.percentile(askLatencies, 0.99))
        let modelP99 = HTTPBench.percentile(modelLatencies.sorted(), 0.99)
        await api.shutdown()
        await hello.shutdown()
        func row(_ r: HTTPLoadResult) -> JSONValue {
            ["requests_per_second": .number(String(format: "%.0f", r.requestsPerSecond)), "p50_ms": .number(String(format: "%.3f", r.p50Ms)),
             "p99_ms": .number(String(format: "%.3f", r.p99Ms)), "ok": .int(r.ok), "errors": .int(r.errors)]
        }
        let ratio = ceiling.requestsPerSecond > 0 ? order.requestsPerSecond / ceiling.requestsPerSecond : 0
        let vsHealth = health.requestsPerSecond > 0 ? order.requestsPerSecond / health.requestsPerSecond : 0
        let result: JSONValue = [
            "connections": .int(connections), "seconds": .number(String(seconds)), "load": .string(wrk == nil ? "curl" : "wrk"),
            "hello_world": row(ceiling), "healthz": row(health), "order_read": row(order),
            "order_read_vs_ceiling": .number(String(format: "%.2f", ratio)), "order_read_vs_healthz": .number(String(format: "%.2f", vsHealth)),
            "ask": row(ask), "ask_seconds": .number(String(askSeconds)), "model_direct_p99_ms": .number(String(format: "%.3f", modelP99)),
            "ask_overhead_p99_ms": .number(String(format: "%.3f", ask.p99Ms - modelP99)),
        ]
        if output.json { return Output.json(result) }
        print("load: \(connections) connections, \(seconds) s each, \(wrk == nil ? "libcurl client in this process" : "wrk"), 127.0.0.1")
        for r in [ceiling, health, order] {
            print(r.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: " %9.0f req/s   p50 %7.3f ms   p99 %7.3f ms   errors %d", r.requestsPerSecond, r.p50Ms, r.p99Ms, r.errors))
        }
        print(String(format: "order reads at %.2f× /healthz and %.2f× the hello-world ceiling", vsHealth, ratio))
        print(String(format: "/v1/ask p99 %.3f ms, the scripted model alone %.3f ms: overhead %.3f ms", ask.p99Ms, modelP99, ask.p99Ms - modelP99))
    }
}
