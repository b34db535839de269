import O2CCore

/// What the fault soak measured, and whether it passed: every run recorded and terminal with a
/// reason, resident memory at the end within `FaultSoak.rssGrowthMax` of that after 100 runs.
public struct FaultSoakReport: Sendable {
    /// The soak's settings.
    public let soak: FaultSoak
    /// Every run, as stored.
    public let runs: [SoakRun]
    /// Wall-clock seconds of the runs.
    public let seconds: Double
    /// Resident memory after the first 100 runs, in MiB.
    public let rssAfter100MiB: Double?
    /// Resident memory at the end, in MiB.
    public let rssEndMiB: Double?

    /// Runs not terminal, or without a reason, or not recorded.
    public var unfinished: [SoakRun] { runs.filter { !$0.isTerminalWithReason } }

    /// Growth of resident memory from run 100 to the end (0.05: 5%), when both were read.
    public var rssGrowth: Double? {
        guard let a = rssAfter100MiB, let b = rssEndMiB, a > 0 else { return nil }
        return (b - a) / a
    }

    /// Whether memory stayed flat (unknown memory counts as not flat: the check must be able to fail).
    public var memoryFlat: Bool { rssGrowth.map { $0 <= FaultSoak.rssGrowthMax } ?? false }

    /// Whether every check held.
    public var passed: Bool { runs.count == soak.runs && unfinished.isEmpty && memoryFlat }

    /// Counts by key, sorted by key.
    private static func counts(_ keys: [String]) -> JSONValue {
        var c: [String: Int] = [:]
        for k in keys { c[k, default: 0] += 1 }
        return .object(JSONObject(c.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) }))
    }

    private static func mib(_ v: Double?) -> JSONValue { v.map { .number(String(format: "%.1f", $0)) } ?? .null }

    /// The figures: runs, faults, states and reasons by count, runs per second, memory.
    public var figures: JSONValue {
        var byFault = JSONObject()
        for kind in ModelFaultKind.allCases {
            let mine = runs.filter { $0.kind == kind }
            guard !mine.isEmpty else { continue }
            byFault[kind.rawValue] = ["runs": .int(mine.count), "states": Self.counts(mine.map(\.state))]
        }
        return [
            "runs": .int(runs.count), "fault_rate": .number(String(soak.faultRate)), "seed": .number(String(soak.seed)),
            "concurrency": .int(soak.concurrency), "client_timeout_s": .number(String(soak.clientTimeoutSeconds)),
            "faulted_runs": .int(runs.filter { $0.kind != .none }.count),
            "by_fault": .object(byFault), "by_state": Self.counts(runs.map(\.state)),
            "by_reason": Self.counts(runs.map(\.reasonClass)),
            "not_terminal_or_no_reason": .int(unfinished.count), "crashes": .int(0),
            "seconds": .number(String(format: "%.1f", seconds)), "runs_per_second": .number(String(format: "%.1f", Double(runs.count) / max(seconds, 0.001))),
            "rss_after_100_mib": Self.mib(rssAfter100MiB), "rss_end_mib": Self.mib(rssEndMiB),
            "rss_growth_percent": rssGrowth.map { .number(String(format: "%.1f", $0 * 100)) } ?? .null,
        ]
    }

    /// The `--json` line: `{"check":"faults","passed":…,"figures":{…}}`.
    public var json: JSONValue { ["check": "faults", "passed": .bool(passed), "figures": figures] }

    /// A readable summary.
    public var summary: String {
        let f = figures
        func text(_ v: JSONValue?) -> String { v.map { $0.stringValue ?? $0.serialized() } ?? "-" }
        var lines = ["model fault soak: \(runs.count) runs of \(ModelFaultKind.agent), \(text(f["faulted_runs"])) with a fault "
                     + "(rate \(soak.faultRate), seed \(soak.seed)), at most \(soak.concurrency) in flight, client timeout \(soak.clientTimeoutSeconds) s"]
        lines.append("  \(text(f["seconds"])) s, \(text(f["runs_per_second"])) runs/s; RSS \(text(f["rss_after_100_mib"])) MiB after 100 runs, "
                     + "\(text(f["rss_end_mib"])) MiB at the end (\(text(f["rss_growth_percent"]))%, at most \(Int(FaultSoak.rssGrowthMax * 100))%)")
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
