import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import O2CScriptedModel

/// The model fault soak (issue 13, item 2): many agent runs, in this process, through the
/// product's `AgentRunner` against a demo ledger, over real HTTP to scripted model servers on
/// 127.0.0.1, a seeded share of them against a server that misbehaves in one of the
/// `ModelFaultKind` ways. Afterwards every run must be stored in a terminal state with a reason
/// (when not completed), and memory must stay flat: the resident memory at the end within
/// `rssGrowthMax` of what it was after the first 100 runs, not counting SQLite's heap (the
/// ledger's page caches fill up to their configured `cache_size` as the runs table grows; that
/// is reported beside, and bounded).
public struct FaultSoak: Sendable {
    /// Runs in all.
    public var runs: Int
    /// Share of runs (0...1) that meet a fault.
    public var faultRate: Double
    /// Seed of the fault plan.
    public var seed: UInt64
    /// Runs in flight at most.
    public var concurrency: Int
    /// Seconds the model client waits for one request (a hang lasts three times that).
    public var clientTimeoutSeconds: Double
    /// The home folder (agents/, prompts/, guardrails/).
    public var home: O2CHome
    /// Largest allowed growth of resident memory from run 100 to the end (0.10: 10%).
    public static let rssGrowthMax = 0.10

    /// A soak.
    public init(runs: Int, faultRate: Double, seed: UInt64, concurrency: Int, clientTimeoutSeconds: Double, home: O2CHome) {
        self.runs = runs
        self.faultRate = faultRate
        self.seed = seed
        self.concurrency = concurrency
        self.clientTimeoutSeconds = clientTimeoutSeconds
        self.home = home
    }

    /// The fault of each run, drawn from the seed.
    public func plan() -> [ModelFaultKind] {
        var rng = SplitMix64(state: seed)
        let faults = ModelFaultKind.faults
        return (0..<runs).map { _ in
            Double(rng.next() >> 11) / Double(1 << 53) < faultRate ? faults[Int(rng.next() % UInt64(faults.count))] : .none
        }
    }

    /// Runs the soak and checks what must hold.
    public func run() async throws -> FaultSoakReport {
        let store = try StressLedger.make(home: home, label: "faults")
        defer { store.remove() }
        guard let profile = home.catalog().profile(named: ModelFaultKind.agent) else {
            throw StressError("no agent '\(ModelFaultKind.agent)' in \(home.agentsDirectory)")
        }
        let content = try home.contentGuard()
        let servers = ModelFaultKind.allCases.map { kind in
            ScriptedModelServer(script: kind.script(hangSeconds: clientTimeoutSeconds * 3, maxSteps: profile.limits.maxSteps),
                                turnSelection: .byConversation, recordRequests: false)
        }
        defer { servers.forEach { $0.stop() } }
        try servers.forEach { try $0.start() }
        // Short, deterministic backoffs keep the soak bounded; Retry-After is honoured as sent.
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.2, jitterFraction: 0.5, jitter: { 0.5 })
        let runners = servers.map { server in
            AgentRunner(ledger: store.ledger, assembler: home.assembler(), content: content,
                        client: OpenAIChatClient(baseURL: server.openAIBaseURL, apiKey: nil, retryPolicy: retry),
                        requestTimeoutSeconds: clientTimeoutSeconds)
        }
        let plan = plan()
        let t0 = ContinuousClock.now
        // Each run is checked against the ledger as it ends and only counted, so the soak's own
        // bookkeeping does not grow with the runs it makes.
        var tally = SoakTally()
        var samples: [MemorySample] = []
        let ledger = store.ledger
        await withTaskGroup(of: SoakRun.self) { group in
            var started = 0
            func startOne() {
                let n = started
                let kind = plan[n]
                let runner = runners[ModelFaultKind.allCases.firstIndex(of: kind) ?? 0]
                started += 1
                group.addTask {
                    let result = await runner.run(profile, input: "\(ModelFaultKind.question) (soak run \(n + 1))")
                    let row = result.runID == "-" ? nil : await blocking { try? ledger.run(result.runID) }
                    guard let row else { return SoakRun(kind: kind, runID: result.runID, state: result.state.rawValue, reason: result.reason, recorded: false) }
                    return SoakRun(kind: kind, runID: result.runID, state: row.state, reason: row.reason)
                }
            }
            while started < min(concurrency, runs) { startOne() }
            for await outcome in group {
                tally.add(outcome)
                if tally.runs % 100 == 0 || tally.runs == runs { samples.append(MemorySample(runs: tally.runs)) }
                if started < runs { startOne() }
            }
        }
        let seconds = Duration.since(t0).inSeconds
        return FaultSoakReport(soak: self, tally: tally, seconds: seconds, memory: samples)
    }
}

/// One run of the soak: its fault and how it ended.
public struct SoakRun: Sendable {
    /// The fault it met.
    public let kind: ModelFaultKind
    /// `RUN-…` (`-` when the run could not be recorded).
    public let runID: String
    /// Its terminal state, as stored.
    public let state: String
    /// Why it ended so, as stored.
    public let reason: String?
    /// Whether the ledger holds the run.
    public var recorded = true

    /// Whether the run ended in one of the terminal states, with a reason unless it completed.
    public var isTerminalWithReason: Bool {
        guard recorded, ["completed", "waiting_approval", "incomplete", "failed"].contains(state) else { return false }
        return state == "completed" || !(reason ?? "").isEmpty
    }

    /// The reason without its details (ids, numbers, messages): what the report counts.
    public var reasonClass: String {
        guard let reason, !reason.isEmpty else { return state == "completed" ? "answered" : "no reason" }
        let classes = [("step limit", "step limit reached"), ("time limit", "time limit reached"), ("token limit", "token limit reached"),
                       ("timed out", "model endpoint: timeout"), ("timeout", "model endpoint: timeout"), ("not valid JSON", "model endpoint: malformed reply"),
                       ("malformed", "model endpoint: malformed reply"), ("429", "model endpoint: HTTP 429"), ("500", "model endpoint: HTTP 500"),
                       ("connection", "model endpoint: connection"), ("blocked by the injection scan", "input blocked")]
        if let found = classes.first(where: { reason.contains($0.0) }) { return found.1 }
        return String(reason.prefix(60))
    }
}

/// Memory after a number of runs.
public struct MemorySample: Sendable {
    /// Runs finished.
    public let runs: Int
    /// Resident memory, MiB.
    public let rssMiB: Double?
    /// SQLite's heap, MiB.
    public let sqliteMiB: Double?

    /// Reads memory now.
    init(runs: Int) {
        self.runs = runs
        rssMiB = ProcessMemory.residentMiB()
        sqliteMiB = ProcessMemory.sqliteHeapMiB()
    }

    /// Resident memory without SQLite's heap.
    public var rssWithoutSQLiteMiB: Double? { rssMiB.map { $0 - (sqliteMiB ?? 0) } }
}

/// A stress check could not start (a missing agent, a broken home folder).
public struct StressError: Error, CustomStringConvertible {
    /// What is wrong and what to do.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
