import Foundation
import O2CCore
internal import Yams

/// Reads one profile file, keeping the position of every key and list item.
enum AgentProfileParser {
    static let keys = ["name", "description", "role", "goal", "instructions", "tools", "guardrails", "triggers", "model", "limits"]
    static let required = ["name", "description", "role", "goal", "instructions", "tools"]

    static func parse(source: String, file: String) -> (AgentProfile?, [AgentDiagnostic]) {
        var problems: [AgentDiagnostic] = []
        func problem(_ line: Int, _ column: Int, _ message: String, _ suggestion: String? = nil) {
            problems.append(AgentDiagnostic(file: file, line: line, column: column, message: message, suggestion: suggestion))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source) else {
                problem(1, 1, "the file is empty", "start from agents/collections.yaml")
                return (nil, problems)
            }
            root = node
        } catch {
            problems.append(.yaml(error, file: file) { _ in "check the indentation and quoting around this line" })
            return (nil, problems)
        }
        guard case .mapping(let map) = root else {
            problem(root.mark?.line ?? 1, root.mark?.column ?? 1, "a profile is a mapping of keys (name, role, goal, …)")
            return (nil, problems)
        }
        var positions: [String: AgentProfile.SourceSpot] = [:]
        var values: [String: Node] = [:]
        for (k, v) in map {
            guard let key = k.string else { continue }
            let spot = AgentProfile.SourceSpot(line: k.mark?.line ?? 0, column: k.mark?.column ?? 0)
            positions[key] = spot
            if !keys.contains(key) {
                problem(spot.line, spot.column, "unknown key '\(key)'", Suggest.closest(to: key, in: keys).map { "did you mean '\($0)'?" } ?? "allowed: \(keys.joined(separator: ", "))")
                continue
            }
            values[key] = v
            positions[key + ":value"] = AgentProfile.SourceSpot(line: v.mark?.line ?? spot.line, column: v.mark?.column ?? spot.column)
        }
        for key in required where values[key] == nil {
            problem(1, 1, "missing '\(key)'", "add '\(key):' — every profile needs \(required.joined(separator: ", "))")
        }
        func text(_ key: String) -> String {
            guard let v = values[key] else { return "" }
            guard let s = v.string, v.scalar != nil else {
                let p = positions[key + ":value"]
                problem(p?.line ?? 0, p?.column ?? 0, "'\(key)' must be text")
                return ""
            }
            return s
        }
        func list(_ key: String) -> [String] {
            guard let v = values[key] else { return [] }
            guard case .sequence(let seq) = v else {
                let p = positions[key + ":value"]
                problem(p?.line ?? 0, p?.column ?? 0, "'\(key)' must be a list like [a, b]")
                return []
            }
            var out: [String] = []
            for (i, item) in seq.enumerated() {
                positions["\(key)[\(i)]"] = AgentProfile.SourceSpot(line: item.mark?.line ?? 0, column: item.mark?.column ?? 0)
                if let s = item.string { out.append(s) } else { problem(item.mark?.line ?? 0, item.mark?.column ?? 0, "'\(key)' items must be names") }
            }
            return out
        }
        var limits = AgentProfile.Limits.standard
        if let l = values["limits"] {
            if case .mapping(let lm) = l {
                for (k, v) in lm {
                    guard let key = k.string else { continue }
                    let line = v.mark?.line ?? 0, column = v.mark?.column ?? 0
                    guard let n = v.int else {
                        problem(line, column, "limits.\(key) must be a whole number")
                        continue
                    }
                    switch key {
                    case "max_steps":
                        if !AgentProfile.Limits.stepsRange.contains(n) { problem(line, column, "limits.max_steps is \(n); it must be between 1 and 50") }
                        limits.maxSteps = n
                    case "max_tokens":
                        if !AgentProfile.Limits.tokensRange.contains(n) { problem(line, column, "limits.max_tokens is \(n); it must be between 500 and 1000000") }
                        limits.maxTokens = n
                    case "timeout_seconds":
                        if !AgentProfile.Limits.timeoutRange.contains(n) { problem(line, column, "limits.timeout_seconds is \(n); it must be between 1 and 3600") }
                        limits.timeoutSeconds = n
                    default:
                        problem(k.mark?.line ?? 0, k.mark?.column ?? 0, "unknown limit '\(key)'",
                                Suggest.closest(to: key, in: ["max_steps", "max_tokens", "timeout_seconds"]).map { "did you mean '\($0)'?" }
                                    ?? "limits are max_steps, max_tokens, timeout_seconds")
                    }
                }
            } else {
                problem(l.mark?.line ?? 0, l.mark?.column ?? 0, "limits must be a mapping like { max_steps: 8, max_tokens: 20000, timeout_seconds: 120 }")
            }
        }
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let profile = AgentProfile(
            name: values["name"] == nil ? base : text("name"), description: text("description"), role: text("role"), goal: text("goal"),
            instructions: text("instructions"), tools: list("tools"), guardrails: list("guardrails"), triggers: list("triggers"),
            model: values["model"] == nil ? "default" : text("model"), limits: limits, file: file, positions: positions)
        if values["name"] != nil && profile.name != base {
            let p = positions["name:value"]
            problem(p?.line ?? 0, p?.column ?? 0, "name '\(profile.name)' differs from the file name '\(base)'", "rename one so they match")
        }
        return (profile, problems)
    }
}
