import ArgumentParser
import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import O2CLLMTesting

/// `o2c bench agents`: the cost of the run loop itself, against a scripted model server that runs
/// in a separate process (so its CPU is not counted), or against `O2C_LLM_BASE_URL`.
struct AgentsBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "Agent runs per second and CPU per run; 1,000 concurrent runs and their memory.")
    @OptionGroup var output: OutputOptions
    @Option(help: "Sequential runs (0 ms model latency).") var runs = 200
    @Option(help: "Concurrent runs (50 ms model latency).") var concurrency = 1000
    @Option(help: "The agent.") var agent = "sales-assistant"
    @Option(help: "The input of every run.") var input = "Can Acme Corp take 40 more WID-100 on credit?"

    /// The 3-turn scenario: customer_lookup, then credit_check and inventory_lookup in parallel, then an answer.
    static let script: [ScriptedTurn] = [
        .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-001"}"#)], usage: ModelUsage(inputTokens: 900, outputTokens: 20)),
        .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-001", "amount": "865.57"}"#),
                    ScriptedToolCall(name: "inventory_lookup", argumentsJSON: #"{"sku": "WID-100"}"#)], usage: ModelUsage(inputTokens: 1200, outputTokens: 40)),
        .text("Yes: Acme Corp has room for 865.57 USD and WID-100 is in stock.", usage: ModelUsage(inputTokens: 1500, outputTokens: 30)),
    ]

    func validate() throws {
        if runs < 1 || concurrency < 1 || concurrency > 5000 { throw ValidationError("--runs must be positive and --concurrency between 1 and 5000") }
    }

    func run() async throws {
        let folder = NSTemporaryDirectory() + "o2c-bench-agents-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/demo.sqlite"
        try DemoLedger.create(path: path)
        let ledger = try Ledger.open(path: path, clock: ManualClock(date: DemoLedger.asOf), policy: Guardrails.load())
        let catalog = Home.catalog()
        let profile = try Home.profile(agent, in: catalog)
        let content = try Home.content()
        let settings = ModelSettings.fromEnvironment()

        func runner(baseURL: String) -> AgentRunner {
            let client: any ModelClient = settings.isConfigured ? (settings.client() ?? OpenAIChatClient(baseURL: baseURL, apiKey: nil))
                : OpenAIChatClient(baseURL: baseURL, apiKey: nil, retryPolicy: .none)
            return AgentRunner(ledger: ledger, assembler: Home.assembler(), content: content, client: client, modelOverride: settings.model,
                               requestTimeoutSeconds: 30)
        }

        // Phase 1: sequential runs at 0 ms latency.
        let fast = try ScriptServer.start(latencyMs: 0)
        defer { fast.stop() }
        let r1 = runner(baseURL: settings.baseURL ?? fast.baseURL)
        let cpu0 = ProcessCPU.milliseconds()
        let t0 = ContinuousClock.now
        var ok = 0
        for _ in 0..<runs {
            if await r1.run(profile, input: input).state == .completed { ok += 1 }
        }
        let wall = LedgerBench.elapsed(since: t0)
        let cpuPerRun = (ProcessCPU.milliseconds() - cpu0) / Double(runs)

        // Phase 2: many concurrent runs at 50 ms latency.
        let slow = try ScriptServer.start(latencyMs: 50)
        defer { slow.stop() }
        let r2 = runner(baseURL: settings.baseURL ?? slow.baseURL)
        let t1 = ContinuousClock.now
        let concurrentOK = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    await r2.run(profile, input: input).state == .completed
                }
            }
            var n = 0
            for await done in group where done { n += 1 }
            return n
        }
        let wall2 = LedgerBench.elapsed(since: t1)
        let rss = LedgerBench.peakRSSMiB()
        let result: JSONValue = [
            "runs": .int(runs), "ok_runs": .int(ok), "cpu_ms_per_run": LedgerBench.number(cpuPerRun, 3),
            "runs_per_second": LedgerBench.number(Double(runs) / wall, 1), "concurrent_runs": .int(concurrency),
            "concurrent_ok_runs": .int(concurrentOK), "concurrent_runs_per_second": LedgerBench.number(Double(concurrency) / wall2, 1),
            "peak_rss_mib": LedgerBench.number(rss, 1),
        ]
        if output.json { return Output.json(result) }
        print("agents bench (\(agent), 3-turn scenario, model server in a separate process):")
        print("  sequential: \(ok)/\(runs) completed, \(Output.text(result["runs_per_second"])) runs/s, \(Output.text(result["cpu_ms_per_run"])) ms CPU per run")
        print("  concurrent: \(concurrentOK)/\(concurrency) completed at 50 ms model latency, \(Output.text(result["concurrent_runs_per_second"])) runs/s, peak RSS \(Output.text(result["peak_rss_mib"])) MiB")
    }
}

/// The scripted model server in a child process (`o2c bench model-server`).
struct ScriptServer {
    let process: Process
    let baseURL: String

    static func start(latencyMs: Int) throws -> ScriptServer {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0].hasPrefix("/") ? ProcessInfo.processInfo.arguments[0]
                              : FileManager.default.currentDirectoryPath + "/" + ProcessInfo.processInfo.arguments[0])
        p.arguments = ["bench", "model-server", "--latency-ms", String(latencyMs)]
        let out = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardInput = inp
        try p.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let d = out.fileHandleForReading.readData(ofLength: 1)
            if d.isEmpty { break }
            line += String(decoding: d, as: UTF8.self)
        }
        let url = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("http") else { throw CLIExit(code: 1, message: "the scripted model server did not start") }
        return ScriptServer(process: p, baseURL: url)
    }

    /// Ends the server (Foundation's waitUntilExit can hang inside async code on Linux, so
    /// signal and reap the child directly).
    func stop() {
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

/// `o2c bench model-server`: serves the bench script (OpenAI format) until killed; prints its base URL.
struct ModelServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model-server", abstract: "Serve the scripted 3-turn model on 127.0.0.1 (for benchmarks).")
    @Option(name: .customLong("latency-ms"), help: "Delay of every reply.") var latencyMs = 0

    func run() throws {
        let turns = AgentsBenchCommand.script.map { t in ScriptedTurn(reply: t.reply, faults: [], usage: t.usage, latencyMs: latencyMs) }
        let server = ScriptedModelServer(script: turns, turnSelection: .byConversation, recordRequests: false)
        try server.start()
        FileHandle.standardOutput.write(Data((server.openAIBaseURL + "\n").utf8))
        while true { sleep(3600) }
    }
}

/// CPU time of this process.
enum ProcessCPU {
    static func milliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }
}
