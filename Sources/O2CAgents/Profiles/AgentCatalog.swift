import Foundation
import Mustache
import O2CCore
import O2CLedger

/// Every agent profile of a home folder (`agents/*.yaml`), with every problem found in them.
public struct AgentCatalog: Sendable {
    /// The profiles that could be read (even with problems).
    public let profiles: [AgentProfile]
    /// Every problem, sorted by file and line.
    public let diagnostics: [Diagnostic]

    /// Events an agent can be started by (SPEC §12).
    public static let knownTriggers = [
        "order.received", "order.approved", "order.credit_hold", "order.cancelled", "order.shipped", "stock.short", "stock.reserved",
        "carrier.delayed", "invoice.issued", "invoice.sent", "invoice.overdue", "invoice.paid", "invoice.disputed",
        "payment.received", "payment.unmatched", "payment.applied", "dunning.sent", "customer.credit_hold", "customer.hold_released",
        "email.received", "question.asked",
    ]

    /// Named models: `default` and the `models:` of o2c.yaml.
    public static var knownModels: [String] { (try? O2CConfig.load())?.modelNames ?? ["default"] }

    /// Reads `home/agents/*.yaml`, checking tools, guardrail files, triggers, models (`models`,
    /// else `knownModels`), limits and prompt includes.
    public static func load(home: String, registry: ToolRegistry = .standard, guardrails: GuardrailSet? = nil, models: [String]? = nil) -> AgentCatalog {
        let dir = home + "/agents"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        let assembler = PromptAssembler(promptsDirectory: home + "/prompts")
        let partials = assembler.partialNames()
        let guardrailSet = guardrails ?? (try? GuardrailSet.load(directory: home + "/guardrails").get())
        var profiles: [AgentProfile] = []
        var problems: [Diagnostic] = []
        for name in files {
            let display = "agents/" + name
            guard let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else {
                problems.append(Diagnostic(file: display, line: 0, column: 0, message: "cannot read the file"))
                continue
            }
            let (profile, found) = read(source: text, file: display, registry: registry, guardrails: guardrailSet, partials: partials, models: models ?? knownModels)
            problems += found
            if let profile { profiles.append(profile) }
        }
        return AgentCatalog(profiles: profiles, diagnostics: problems.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
    }

    /// Reads one profile file's text (`file` names it in messages) as `load` reads each file:
    /// parsed, then checked against the tools, guardrail files, prompt partials and models given.
    /// Never traps, whatever the text; a profile that cannot be read is nil, with its problems.
    public static func read(source: String, file: String, registry: ToolRegistry = .standard, guardrails: GuardrailSet? = nil,
                            partials: [String] = [], models: [String] = ["default"]) -> (AgentProfile?, [Diagnostic]) {
        let (profile, problems) = AgentProfileParser.parse(source: source, file: file)
        guard let profile else { return (nil, problems) }
        return (profile, problems + check(profile, registry: registry, guardrails: guardrails, partials: partials, models: models, source: source))
    }

    /// The profile named `name`.
    public func profile(named name: String) -> AgentProfile? { profiles.first { $0.name == name } }

    static func check(_ p: AgentProfile, registry: ToolRegistry, guardrails: GuardrailSet?, partials: [String], models: [String], source: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func at(_ key: String) -> (Int, Int) { (p.positions[key]?.line ?? 0, p.positions[key]?.column ?? 0) }
        func add(_ key: String, _ message: String, _ suggestion: String? = nil) {
            let (l, c) = at(key)
            out.append(Diagnostic(file: p.file, line: l, column: c, message: message, suggestion: suggestion))
        }
        for (i, tool) in p.tools.enumerated() where registry.tools[tool] == nil {
            add("tools[\(i)]", "unknown tool '\(tool)'", Suggest.closest(to: tool, in: registry.names).map { "did you mean '\($0)'?" } ?? "'o2c agents show' lists the tools")
        }
        if Set(p.tools).count != p.tools.count { add("tools:value", "a tool is listed twice") }
        if let guardrails {
            // Global files bind every action anyway; naming one in a profile is allowed and says so.
            let known = guardrails.fileNames.map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 }
            for (i, file) in p.guardrails.enumerated() where !known.contains(file) {
                add("guardrails[\(i)]", "unknown guardrail file '\(file)'",
                    Suggest.closest(to: file, in: known).map { "did you mean '\($0)'?" } ?? "files in guardrails/: \(known.joined(separator: ", "))")
            }
        }
        for (i, trigger) in p.triggers.enumerated() where !knownTriggers.contains(trigger) {
            add("triggers[\(i)]", "unknown trigger '\(trigger)'", Suggest.closest(to: trigger, in: knownTriggers).map { "did you mean '\($0)'?" } ?? "known events: \(knownTriggers.joined(separator: ", "))")
        }
        if !models.contains(p.model) {
            add("model:value", "unknown model '\(p.model)'",
                Suggest.closest(to: p.model, in: models).map { "did you mean '\($0)'?" } ?? "known models: \(models.joined(separator: ", ")) (add more under models: in o2c.yaml)")
        }
        for field in ["role", "goal", "description"] where (p.positions[field] != nil) {
            let value = field == "role" ? p.role : field == "goal" ? p.goal : p.description
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add(field, "'\(field)' is empty", "say it in a sentence, for people first") }
        }
        // Prompt includes and template syntax.
        let (baseLine, baseColumn) = at("instructions:value")
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let markLine = baseLine >= 1 && baseLine <= sourceLines.count ? sourceLines[baseLine - 1] : ""
        let block = markLine.dropFirst(max(0, baseColumn - 1)).first.map { $0 == "|" || $0 == ">" } ?? false
        for (name, offset) in PromptAssembler.includes(in: p.instructions) where !partials.contains(name) {
            let before = p.instructions.utf8.prefix(offset)
            let newlines = before.filter { $0 == UInt8(ascii: "\n") }.count
            let lastLine = before.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last?.count ?? 0
            let line: Int, column: Int
            if block {
                line = baseLine + 1 + newlines
                let text = line <= sourceLines.count ? sourceLines[line - 1] : ""
                column = text.prefix { $0 == " " }.count + lastLine + 1
            } else {
                line = baseLine + newlines
                column = newlines == 0 ? baseColumn + lastLine : lastLine + 1
            }
            out.append(Diagnostic(file: p.file, line: line, column: column, message: "prompt include '\(name)' not found in prompts/",
                                       suggestion: Suggest.closest(to: name, in: partials).map { "did you mean '\($0)'?" } ?? "create prompts/\(name).md"))
        }
        do { _ = try MustacheTemplate(string: p.instructions) } catch {
            add("instructions", "the instructions are not a valid Mustache template: \(error)", "check the {{ }} tags")
        }
        return out
    }
}
