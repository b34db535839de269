import ArgumentParser
import Foundation
import O2CAgents
import O2CBench
import O2CCore
import O2CLedger
import O2CLLM
import O2CScriptedModel

/// `o2c bench agents` (SPEC §13): N runs of an agent with at most C in flight, against the built-in
/// scripted model answering after L ms, or against `O2C_LLM_BASE_URL` when that is set. The
/// scripted server runs in a child process, so the CPU measured is o2c's alone.
struct BenchAgentsCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "Agent runs: CPU per run, runs per second, latency and memory at a given concurrency.")
    @OptionGroup var output: OutputOptions
    @Option(help: "Runs in all.") var runs = 200
    @Option(help: "Runs in flight at most (1: one after another).") var concurrency = 1
    @Option(name: .customLong("latency-ms"), help: "Delay of every reply of the scripted model, in ms.") var latencyMs = 0
    @Option(help: "The agent.") var agent = "sales-assistant"
    @Option(help: "The input of every run.") var input = "Can Acme Corp take 40 more WID-100 on credit?"
    @OptionGroup var global: GlobalOptions

    /// The 3-turn scenario: customer_lookup, then credit_check and inventory_lookup in parallel, then an answer.
    static let script: [ScriptedTurn] = [
        .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-001"}"#)], usage: ModelUsage(inputTokens: 900, outputTokens: 20)),
        .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-001", "amount": "865.57"}"#),
                    ScriptedToolCall(name: "inventory_lookup", argumentsJSON: #"{"sku": "WID-100"}"#)], usage: ModelUsage(inputTokens: 1200, outputTokens: 40)),
        .text("Yes: Acme Corp has room for 865.57 USD and WID-100 is in stock.", usage: ModelUsage(inputTokens: 1500, outputTokens: 30)),
    ]

    func validate() throws {
        if runs < 1 || concurrency < 1 || concurrency > 5000 || latencyMs < 0 || latencyMs > 60_000 {
            throw ValidationError("--runs must be positive, --concurrency between 1 and 5000, --latency-ms between 0 and 60000")
        }
    }

    func run() async throws {
        let folder = NSTemporaryDirectory() + "o2c-bench-agents-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/demo.sqlite"
        let settings = ModelSettings.fromEnvironment()
        // The child that serves the model also creates the demo ledger, so neither counts here.
        let server = settings.isConfigured ? nil : try ScriptServer.start(latencyMs: latencyMs, demoLedger: path)
        defer { server?.stop() }
        if server == nil { try DemoLedger.create(path: path) }
        let home = Settings.current.home
        let ledger = try Ledger.open(path: path, clock: ManualClock(date: DemoLedger.asOf), policy: home.policy())
        let profile = try AgentsCommand.profile(agent, in: home.catalog())
        let client: any ModelClient = server.map { OpenAIChatClient(baseURL: $0.baseURL, apiKey: nil, retryPolicy: .none) }
            ?? settings.client() ?? OpenAIChatClient(baseURL: "http://127.0.0.1:9", apiKey: nil)
        // The runs execute on ledger threads, as the server's `/v1/ask` runs do (`AgentRunner.executor`).
        let executor = LedgerExecutor(threads: LedgerExecutor.defaultThreads, ledger: ledger)
        let runner = AgentRunner(ledger: ledger, assembler: home.assembler(), content: try home.contentGuard(), client: client,
                                 modelOverride: settings.model, requestTimeoutSeconds: 30, executor: executor)
        _ = await runner.run(profile, input: input)  // warm-up: the prompt, the connection, the page cache

        let cpu0 = ProcessCPU.milliseconds()
        let t0 = ContinuousClock.now
        let (ok, latencies) = await withTaskGroup(of: (Bool, Double).self) { group in
            var started = 0
            func startOne() {
                started += 1
                group.addTask {
                    let t = ContinuousClock.now
                    let completed = await runner.run(profile, input: input).state == .completed
                    return (completed, Duration.since(t).inMilliseconds)
                }
            }
            while started < min(concurrency, runs) { startOne() }
            var ok = 0
            var latencies: [Double] = []
            latencies.reserveCapacity(runs)
            for await (completed, ms) in group {
                if completed { ok += 1 }
                latencies.append(ms)
                if started < runs { startOne() }
            }
            return (ok, latencies.sorted())
        }
        let wall = Duration.since(t0).inSeconds
        let cpuPerRun = (ProcessCPU.milliseconds() - cpu0) / Double(runs)
        await executor.stop()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)] }
        let result: JSONValue = [
            "runs": .int(runs), "ok_runs": .int(ok), "concurrency": .int(concurrency), "latency_ms": .int(latencyMs),
            "cpu_ms_per_run": LedgerBench.number(cpuPerRun, 3), "runs_per_second": LedgerBench.number(Double(runs) / wall, 1),
            "p50_ms": LedgerBench.number(percentile(0.5), 1), "p95_ms": LedgerBench.number(percentile(0.95), 1),
            "peak_rss_mib": LedgerBench.number(LedgerBench.peakRSSMiB(), 1),
        ]
        if output.json { return Output.json(result) }
        print("agents bench (\(agent), \(server == nil ? "model at O2C_LLM_BASE_URL" : "scripted model in a child process, \(latencyMs) ms per reply")):")
        print("  \(ok)/\(runs) completed, at most \(concurrency) in flight: \(Output.text(result["runs_per_second"])) runs/s, "
              + "\(Output.text(result["cpu_ms_per_run"])) ms CPU per run")
        print("  latency p50 \(Output.text(result["p50_ms"])) ms, p95 \(Output.text(result["p95_ms"])) ms; peak RSS \(Output.text(result["peak_rss_mib"])) MiB")
    }
}
