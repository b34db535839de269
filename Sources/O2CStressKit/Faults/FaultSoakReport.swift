import O2CCore

/// What the fault soak measured, and whether it passed: every run recorded and terminal with a
/// reason, resident memory without SQLite's heap at the end within `FaultSoak.rssGrowthMax` of
/// that after 100 runs.
public struct FaultSoakReport: Sendable {
    /// The soak's settings.
    public let soak: FaultSoak
    /// The runs, counted.
    public let tally: SoakTally
    /// Wall-clock seconds of the runs.
    public let seconds: Double
    /// Memory every 100 runs and at the end.
    public let memory: [MemorySample]

    /// Memory after the first 100 runs (or after all, when fewer).
    public var after100: MemorySample? { memory.first }
    /// Memory at the end.
    public var atEnd: MemorySample? { memory.last }

    /// Runs not terminal, or without a reason, or not recorded.
    public var unfinished: [SoakRun] { tally.unfinished }

    private static func growth(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, a > 0 else { return nil }
        return (b - a) / a
    }

    /// Growth of resident memory without SQLite's heap from run 100 to the end (0.05: 5%).
    public var rssGrowth: Double? { Self.growth(after100?.rssWithoutSQLiteMiB, atEnd?.rssWithoutSQLiteMiB) }
    /// Growth of the whole resident memory from run 100 to the end.
    public var rawRSSGrowth: Double? { Self.growth(after100?.rssMiB, atEnd?.rssMiB) }

    /// Whether memory stayed flat (unknown memory counts as not flat: the check must be able to fail).
    public var memoryFlat: Bool { rssGrowth.map { $0 <= FaultSoak.rssGrowthMax } ?? false }

    /// Whether every check held.
    public var passed: Bool { tally.runs == soak.runs && unfinished.isEmpty && memoryFlat }

    /// Counts as a JSON object sorted by key.
    private static func counts(_ c: [String: Int]) -> JSONValue {
        .object(JSONObject(c.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) }))
    }

    private static func mib(_ v: Double?) -> JSONValue { v.map { .number(String(format: "%.1f", $0)) } ?? .null }
    private static func percent(_ v: Double?) -> JSONValue { v.map { .number(String(format: "%.1f", $0 * 100)) } ?? .null }

    /// The figures: runs, faults, states and reasons by count, runs per second, memory.
    public var figures: JSONValue {
        var byFault = JSONObject()
        for kind in ModelFaultKind.allCases {
            guard let states = tally.statesByFault[kind] else { continue }
            byFault[kind.rawValue] = ["runs": .int(states.values.reduce(0, +)), "states": Self.counts(states)]
        }
        return [
            "runs": .int(tally.runs), "fault_rate": .number(String(soak.faultRate)), "seed": .number(String(soak.seed)),
            "concurrency": .int(soak.concurrency), "client_timeout_s": .number(String(soak.clientTimeoutSeconds)),
            "faulted_runs": .int(tally.runs - (tally.statesByFault[ModelFaultKind.none]?.values.reduce(0, +) ?? 0)),
            "by_fault": .object(byFault), "by_state": Self.counts(tally.byState), "by_reason": Self.counts(tally.byReason),
            "not_terminal_or_no_reason": .int(unfinished.count), "crashes": .int(0),
            "seconds": .number(String(format: "%.1f", seconds)), "runs_per_second": .number(String(format: "%.1f", Double(tally.runs) / max(seconds, 0.001))),
            "rss_after_100_mib": Self.mib(after100?.rssMiB), "rss_end_mib": Self.mib(atEnd?.rssMiB),
            "sqlite_heap_after_100_mib": Self.mib(after100?.sqliteMiB), "sqlite_heap_end_mib": Self.mib(atEnd?.sqliteMiB),
            "rss_without_sqlite_growth_percent": Self.percent(rssGrowth), "rss_growth_percent": Self.percent(rawRSSGrowth),
            "rss_curve_mib": .array(memory.map { ["runs": .int($0.runs), "rss": Self.mib($0.rssMiB), "sqlite": Self.mib($0.sqliteMiB)] }),
        ]
    }

    /// The `--json` line: `{"check":"faults","passed":…,"figures":{…}}`.
    public var json: JSONValue { ["check": "faults", "passed": .bool(passed), "figures": figures] }

    /// A readable summary.
    public var summary: String {
        let f = figures
        func text(_ v: JSONValue?) -> String { v.map { $0.stringValue ?? $0.serialized() } ?? "-" }
        var lines = ["model fault soak: \(tally.runs) runs of \(ModelFaultKind.agent), \(text(f["faulted_runs"])) with a fault "
                     + "(rate \(soak.faultRate), seed \(soak.seed)), at most \(soak.concurrency) in flight, client timeout \(soak.clientTimeoutSeconds) s"]
        lines.append("  \(text(f["seconds"])) s, \(text(f["runs_per_second"])) runs/s")
        lines.append("  RSS \(text(f["rss_after_100_mib"])) MiB after 100 runs, \(text(f["rss_end_mib"])) MiB at the end (\(text(f["rss_growth_percent"]))%); "
                     + "of which SQLite's heap \(text(f["sqlite_heap_after_100_mib"])) → \(text(f["sqlite_heap_end_mib"])) MiB; "
                     + "without it \(text(f["rss_without_sqlite_growth_percent"]))% (at most \(Int(FaultSoak.rssGrowthMax * 100))%)")
        lines.append("  RSS / SQLite heap every 100 runs: " + memory.map { "\($0.runs): \(text(Self.mib($0.rssMiB)))/\(text(Self.mib($0.sqliteMiB)))" }.joined(separator: ", "))
        lines.append("  by fault:")
        for (kind, v) in f["by_fault"]?.objectValue ?? JSONObject() {
            lines.append("    \(kind.padding(toLength: 20, withPad: " ", startingAt: 0)) \(text(v["runs"])) runs → \(text(v["states"]))")
        }
        lines.append("  by terminal reason:")
        for (reason, n) in f["by_reason"]?.objectValue ?? JSONObject() { lines.append("    \(text(n)) × \(reason)") }
        for run in unfinished.prefix(10) { lines.append("  NOT TERMINAL: \(run.runID) (\(run.kind.rawValue)) state \(run.state), reason \(run.reason ?? "none")") }
        if !memoryFlat { lines.append("  MEMORY NOT FLAT (or unreadable)") }
        lines.append(passed ? "PASSED" : "FAILED")
        return lines.joined(separator: "\n")
    }
}

/// The soak's runs, counted as they end: by fault and state, by state, by reason; the runs that
/// did not end properly are kept (there should be none).
public struct SoakTally: Sendable {
    /// Runs counted.
    public private(set) var runs = 0
    /// States by fault.
    public private(set) var statesByFault: [ModelFaultKind: [String: Int]] = [:]
    /// Runs by terminal state.
    public private(set) var byState: [String: Int] = [:]
    /// Runs by reason (`SoakRun.reasonClass`).
    public private(set) var byReason: [String: Int] = [:]
    /// Runs not terminal, or without a reason, or not recorded.
    public private(set) var unfinished: [SoakRun] = []

    /// Counts a run.
    mutating func add(_ run: SoakRun) {
        runs += 1
        statesByFault[run.kind, default: [:]][run.state, default: 0] += 1
        byState[run.state, default: 0] += 1
        byReason[run.reasonClass, default: 0] += 1
        if !run.isTerminalWithReason { unfinished.append(run) }
    }
}
