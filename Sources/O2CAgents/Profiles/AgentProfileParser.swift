import Foundation
import O2CCore
import O2CYAML

/// Reads one profile file, keeping the position of every key and list item.
enum AgentProfileParser {
    static let keys = ["name", "description", "role", "goal", "instructions", "tools", "guardrails", "triggers", "model", "limits"]
    static let required = ["name", "description", "role", "goal", "instructions", "tools"]
    static let limitKeys = ["max_steps", "max_tokens", "timeout_seconds"]

    static func parse(source: String, file: String) -> (AgentProfile?, [Diagnostic]) {
        var reader = YAMLReader(file: file, text: source)
        guard let root = reader.root(empty: "start from agents/collections.yaml"),
              let values = reader.fields(root, keys: keys, in: nil, mustBe: "a profile is a mapping of keys (name, role, goal, …)")
        else { return (nil, reader.diagnostics) }
        var positions: [String: AgentProfile.SourceSpot] = [:]
        func spot(_ node: YAMLNode) -> AgentProfile.SourceSpot { AgentProfile.SourceSpot(line: node.line, column: node.column) }
        for (k, v) in root.entries ?? [] {
            guard let key = k.string else { continue }
            positions[key] = spot(k)
            if values[key] != nil { positions[key + ":value"] = spot(v) }
        }
        for key in required where values[key] == nil {
            reader.report(line: 1, column: 1, "missing '\(key)'", suggestion: "add '\(key):' — every profile needs \(required.joined(separator: ", "))")
        }
        func text(_ key: String) -> String {
            guard let v = values[key] else { return "" }
            guard let s = v.string else {
                reader.report(v, "'\(key)' must be text")
                return ""
            }
            return s
        }
        func list(_ key: String) -> [String] {
            guard let v = values[key] else { return [] }
            guard let items = v.items else {
                reader.report(v, "'\(key)' must be a list like [a, b]")
                return []
            }
            return items.enumerated().compactMap { i, item in
                positions["\(key)[\(i)]"] = spot(item)
                if item.string == nil { reader.report(item, "'\(key)' items must be names") }
                return item.string
            }
        }
        var limits = AgentProfile.Limits.standard
        if let l = values["limits"] {
            let table = reader.fields(l, keys: limitKeys, in: "limits", mustBe: "limits must be a mapping like { max_steps: 8, max_tokens: 20000, timeout_seconds: 120 }") ?? [:]
            func limit(_ key: String, _ range: ClosedRange<Int>) -> Int? {
                guard let v = table[key] else { return nil }
                guard let n = v.int else {
                    reader.report(v, "limits.\(key) must be a whole number")
                    return nil
                }
                if !range.contains(n) { reader.report(v, "limits.\(key) is \(n); it must be between \(range.lowerBound) and \(range.upperBound)") }
                return n
            }
            limits.maxSteps = limit("max_steps", AgentProfile.Limits.stepsRange) ?? limits.maxSteps
            limits.maxTokens = limit("max_tokens", AgentProfile.Limits.tokensRange) ?? limits.maxTokens
            limits.timeoutSeconds = limit("timeout_seconds", AgentProfile.Limits.timeoutRange) ?? limits.timeoutSeconds
        }
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let profile = AgentProfile(
            name: values["name"] == nil ? base : text("name"), description: text("description"), role: text("role"), goal: text("goal"),
            instructions: text("instructions"), tools: list("tools"), guardrails: list("guardrails"), triggers: list("triggers"),
            model: values["model"] == nil ? "default" : text("model"), limits: limits, file: file, positions: positions)
        if let n = values["name"], profile.name != base {
            reader.report(n, "name '\(profile.name)' differs from the file name '\(base)'", suggestion: "rename one so they match")
        }
        return (profile, reader.diagnostics)
    }
}
