import O2CCore

/// The corpus's result: blocked / flagged / total, what stopped the calls, and every case with a
/// problem (an escape, or a stop other than the case expects). Passes when no case has one.
public struct HostileReport: Sendable {
    /// Every case's outcome, in corpus order.
    public let outcomes: [HostileOutcome]

    /// Cases with a problem.
    public var failures: [HostileOutcome] { outcomes.filter { !$0.problems.isEmpty } }
    /// Cases where a write took effect or a read answered.
    public var escapes: [HostileOutcome] { outcomes.filter(\.escaped) }
    /// Whether every case was stopped as it expects.
    public var passed: Bool { failures.isEmpty }

    private static func counts(_ keys: [String]) -> JSONValue {
        var c: [String: Int] = [:]
        for k in keys { c[k, default: 0] += 1 }
        return .object(JSONObject(c.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) }))
    }

    /// `{total, blocked, flagged, escaped, failed, by_entry, by_stop, content_flagged, failures}`.
    public var figures: JSONValue {
        let stops = outcomes.flatMap { o in o.inputBlocked ? [HostileStop.contentPolicy.rawValue] : o.calls.map { $0.stop?.rawValue ?? "none (escape)" } }
        return [
            "total": .int(outcomes.count), "blocked": .int(outcomes.filter(\.blocked).count), "flagged": .int(outcomes.filter(\.flagged).count),
            "escaped": .int(escapes.count), "failed": .int(failures.count),
            "calls": .int(outcomes.reduce(0) { $0 + $1.calls.count }),
            "content_flagged": .int(outcomes.filter { !$0.findings.isEmpty }.count),
            "by_entry": Self.counts(outcomes.map(\.hostileCase.entry.rawValue)), "by_stop": Self.counts(stops),
            "failures": .array(failures.map { ["id": .string($0.hostileCase.id), "problems": .array($0.problems.map { .string($0) })] }),
        ]
    }

    /// The `--json` line: `{"check":"hostile","passed":…,"figures":{…}}`.
    public var json: JSONValue { ["check": "hostile", "passed": .bool(passed), "figures": figures] }

    /// A readable summary.
    public var summary: String {
        let f = figures
        func text(_ v: JSONValue?) -> String { v.map { $0.stringValue ?? $0.serialized() } ?? "-" }
        var lines = ["hostile text: \(text(f["total"])) cases, \(text(f["blocked"])) blocked, \(text(f["flagged"])) flagged, "
                     + "\(text(f["escaped"])) escaped; \(text(f["content_flagged"])) texts flagged by the content policy"]
        lines.append("  by entry: \(text(f["by_entry"]))")
        lines.append("  obeyed calls stopped by: \(text(f["by_stop"]))")
        for o in failures {
            lines.append("  FAILED \(o.hostileCase.id) (\(o.hostileCase.entry.rawValue)): " + o.problems.joined(separator: "; "))
        }
        lines.append(passed ? "PASSED" : "FAILED")
        return lines.joined(separator: "\n")
    }
}
