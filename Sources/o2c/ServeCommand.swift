import ArgumentParser
import Foundation
import O2CAgents
import O2CBench
import O2CLedger
import O2CLLM
import O2CScriptedModel
import O2CServer
import O2CCore
import O2CWorkflow

/// `o2c serve`: the HTTP API of SPEC §11 (SIGTERM or SIGINT: in-flight requests finish, then it exits).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (SPEC §11): reads in the caller's scope, order intake, questions to the sales assistant.",
        discussion: """
            Tokens come from 'o2c users add|token'. The OpenAPI document is served at /openapi.yaml.
            The model endpoint is read from O2C_LLM_* (without one, POST /v1/ask answers 503 no_model).
            The workflow worker runs beside the API (unless --no-worker) and stops with it.
            """
    )

    @Option(help: "Interface to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(name: .long, help: "Do not run the workflow worker in the same process (run 'o2c worker' elsewhere).") var noWorker = false
    @Option(name: .customLong("rate-limit"), help: "Requests per second per token on average; 0 turns the limit off (o2c.yaml rate_limit; default 20).")
    var rateLimit: Double?
    @Option(name: .customLong("rate-burst"), help: "Requests a token may make at once (o2c.yaml rate_burst; default 40).")
    var rateBurst: Double?
    @Flag(name: .customLong("metrics-token-required"), help: "GET /metrics needs a token like the /v1 routes (o2c.yaml metrics_auth: true).")
    var metricsTokenRequired = false
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let rateLimit, !(rateLimit >= 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be 0 (no limit) or more") }
        if let rateBurst, !(rateBurst >= 1 && rateBurst.isFinite) { throw ValidationError("--rate-burst must be 1 or more") }
    }

    func run() async throws {
        let home = Home.path
        let policy: any ActionPolicy
        do { policy = try ServerSetup.guardrailPolicy(home: home) } catch { throw CLIExit(code: 1, message: "\(error)") }
        let opened = try Ledger.open(path: ledger.path, policy: policy)
        let profileModel = AgentCatalog.load(home: home).profile(named: "sales-assistant")?.model ?? "default"
        let file = try Config.require()
        let settings = file.modelSettings(named: profileModel)
        var config = ServerConfig(ledger: opened, home: home, host: host, port: port, modelClient: settings.client(),
                                  modelOverride: settings.model, modelTimeoutSeconds: settings.timeoutSeconds)
        config.requestsPerSecondPerToken = rateLimit ?? file.rateLimit ?? config.requestsPerSecondPerToken
        config.requestBurstPerToken = rateBurst ?? file.rateBurst ?? config.requestBurstPerToken
        config.metricsRequireToken = metricsTokenRequired || (file.metricsAuth ?? false)
        config.logger.logLevel = .info
        if !noWorker {
            config.services.append(WorkerService(worker: try WorkflowSetup.make(ledger: opened).worker(ledger: opened)))
        }
        do { try await runServer(config: config) } catch let e as ServerSetupError { throw CLIExit(code: 1, message: e.message) }
    }
}

/// `o2c bench http`: the API's read rate and p99 against a hello-world Hummingbird server in the
/// same run, and the overhead of `/v1/ask` beyond the scripted model's own latency.
struct BenchHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "HTTP API throughput and p99 (GET /v1/orders/{id}, /healthz) against a hello-world Hummingbird ceiling, and /v1/ask overhead.",
        discussion: "Runs in-process on 127.0.0.1 against a fresh demo ledger with a closed-loop libcurl load generator; the access log is off while measuring."
    )

    @Option(help: "Requests in flight at once.") var connections = 64
    @Option(help: "Seconds per measurement.") var seconds = 5.0
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let dir = NSTemporaryDirectory() + "o2c-bench-http-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/demo.sqlite"
        try DemoLedger.create(path: path)
        let policy: any ActionPolicy
        do { policy = try ServerSetup.guardrailPolicy(home: Home.path) } catch { throw CLIExit(code: 1, message: "\(error)") }
        let ledger = try Ledger.open(path: path, clock: ManualClock(date: DemoLedger.asOf), policy: policy)
        let token = try ledger.rotateToken(name: "mia").token
        guard let orderID = try ledger.orders(ListFilter(limit: 1)).first?["id"]?.stringValue else {
            throw CLIExit(code: 1, message: "the demo ledger has no orders")
        }
        let model = ScriptedModelServer(script: [.text("Acme Corp can take it on credit.")], turnSelection: .byConversation, recordRequests: false)
        try model.start()
        defer { model.stop() }
        let client = OpenAIChatClient(baseURL: model.openAIBaseURL, apiKey: nil, retryPolicy: .none)
        var config = ServerConfig(ledger: ledger, home: Home.path, port: 0, modelClient: client)
        config.requestsPerSecondPerToken = 0
        config.logger.logLevel = .warning
        let api = try await ServerHandle.start(config: config)
        let hello = try await HTTPBench.startHelloWorld()
        let auth = ["Authorization": "Bearer " + token]
        let base = "http://127.0.0.1:\(api.port)"
        func get(_ url: String, _ headers: [String: String] = [:]) -> HTTPRequestSpec {
            HTTPRequestSpec(method: "GET", url: url, headers: headers, timeoutSeconds: 30)
        }
        let ceiling = await HTTPBench.load(name: "hello_world", request: get("http://127.0.0.1:\(hello.port)/"), connections: connections, seconds: seconds)
        let health = await HTTPBench.load(name: "healthz", request: get(base + "/healthz"), connections: connections, seconds: seconds)
        let order = await HTTPBench.load(name: "order_read", request: get(base + "/v1/orders/\(orderID)", auth), connections: connections, seconds: seconds)
        // /v1/ask one at a time against the model called directly, the same way.
        let askSpec = HTTPRequestSpec(method: "POST", url: base + "/v1/ask", headers: auth.merging(["Content-Type": "application/json"]) { a, _ in a },
                                      body: Array(#"{"question": "Can Acme Corp take 40 more WID-100 on credit?"}"#.utf8), timeoutSeconds: 30)
        let ask = await HTTPBench.load(name: "ask", request: askSpec, connections: 1, seconds: min(seconds, 3))
        var modelLatencies: [Double] = []
        let until = ContinuousClock.now + .milliseconds(Int(min(seconds, 3) * 1000))
        while ContinuousClock.now < until {
            let t0 = ContinuousClock.now
            _ = try? await client.complete(ModelRequest(model: "bench", messages: [.user("Can Acme Corp take 40 more WID-100 on credit?")]))
            let d = ContinuousClock.now - t0
            modelLatencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        let modelP99 = HTTPBench.percentile(modelLatencies.sorted(), 0.99)
        await api.shutdown()
        await hello.shutdown()
        func row(_ r: HTTPLoadResult) -> JSONValue {
            ["requests_per_second": .number(String(format: "%.0f", r.requestsPerSecond)), "p50_ms": .number(String(format: "%.3f", r.p50Ms)),
             "p99_ms": .number(String(format: "%.3f", r.p99Ms)), "ok": .int(r.ok), "errors": .int(r.errors)]
        }
        let ratio = ceiling.requestsPerSecond > 0 ? order.requestsPerSecond / ceiling.requestsPerSecond : 0
        let result: JSONValue = [
            "connections": .int(connections), "seconds": .number(String(seconds)),
            "hello_world": row(ceiling), "healthz": row(health), "order_read": row(order),
            "order_read_vs_ceiling": .number(String(format: "%.2f", ratio)),
            "ask": row(ask), "model_direct_p99_ms": .number(String(format: "%.3f", modelP99)),
            "ask_overhead_p99_ms": .number(String(format: "%.3f", ask.p99Ms - modelP99)),
        ]
        if output.json { return Output.json(result) }
        print("load: \(connections) requests in flight, \(seconds) s each, libcurl client, 127.0.0.1")
        for r in [ceiling, health, order] {
            print(r.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: " %9.0f req/s   p50 %7.3f ms   p99 %7.3f ms   errors %d", r.requestsPerSecond, r.p50Ms, r.p99Ms, r.errors))
        }
        print(String(format: "order reads at %.2f× the hello-world ceiling", ratio))
        print(String(format: "/v1/ask p99 %.3f ms, the scripted model alone %.3f ms: overhead %.3f ms", ask.p99Ms, modelP99, ask.p99Ms - modelP99))
    }
}
