import Foundation
import O2CAgents
import Testing

@Suite("Agent profile lint")
struct AgentLintTests {
    static func home(_ profile: String, prompts: [String: String] = [:]) throws -> String {
        let home = NSTemporaryDirectory() + "o2c-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/agents", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/prompts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/guardrails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: AgentFixture.root + "/guardrails/dunning.yaml", toPath: home + "/guardrails/dunning.yaml")
        try profile.write(toFile: home + "/agents/collections.yaml", atomically: true, encoding: .utf8)
        for (name, text) in prompts { try text.write(toFile: home + "/prompts/\(name).md", atomically: true, encoding: .utf8) }
        return home
    }

    static let good = """
        name: collections
        description: Chases overdue invoices.
        role: Collections specialist
        goal: Get paid.
        instructions: |
          Look at the history first. {{> dunning-tone}}
        tools: [ar_aging, payment_history, draft_dunning_email, send_dunning_email]
        guardrails: [dunning]
        triggers: [invoice.overdue]
        model: default
        limits: { max_steps: 8, max_tokens: 20000, timeout_seconds: 120 }
        """

    static func lint(_ text: String, prompts: [String: String] = ["dunning-tone": "Be polite."]) throws -> [String] {
        AgentCatalog.load(home: try home(text, prompts: prompts)).diagnostics.map(\.description)
    }

    @Test func theShippedAgentsLintClean() {
        let c = AgentFixture.catalog()
        #expect(c.diagnostics.map(\.description) == [])
        #expect(Set(c.profiles.map(\.name)) == ["order-intake", "credit-controller", "fulfillment", "collections", "cash-application", "sales-assistant"])
    }

    @Test func aGoodProfileHasNoProblems() throws {
        #expect(try Self.lint(Self.good) == [])
    }

    @Test func unknownToolNamesTheLineAndSuggests() throws {
        let found = try Self.lint(Self.good.replacingOccurrences(of: "tools: [ar_aging, payment_history", with: "tools: [ar_aging, credit_chek"))
        #expect(found == ["agents/collections.yaml:7:19: unknown tool 'credit_chek' — did you mean 'credit_check'?"])
    }

    @Test(arguments: [
        ("guardrails: [dunning]", "guardrails: [dunnig]", "agents/collections.yaml:8:14: unknown guardrail file 'dunnig' — did you mean 'dunning'?"),
        ("triggers: [invoice.overdue]", "triggers: [invoice.overdu]", "agents/collections.yaml:9:12: unknown trigger 'invoice.overdu' — did you mean 'invoice.overdue'?"),
        ("model: default", "model: gpt-9", "agents/collections.yaml:10:8: unknown model 'gpt-9'"),
        ("max_steps: 8", "max_steps: 80", "agents/collections.yaml:11:22: limits.max_steps is 80"),
        ("goal: Get paid.\n", "", "agents/collections.yaml:1:1: missing 'goal'"),
        ("{{> dunning-tone}}", "{{> dunning-tne}}", "agents/collections.yaml:6:30: prompt include 'dunning-tne' not found in prompts/ — did you mean 'dunning-tone'?"),
        ("role: Collections", "rol: Collections", "unknown key 'rol' — did you mean 'role'?"),
        ("model: default", "modle: default", "unknown key 'modle' — did you mean 'model'?"),
    ])
    func eachKindOfMistakeIsReportedWithItsPlace(original: String, broken: String, expected: String) throws {
        let found = try Self.lint(Self.good.replacingOccurrences(of: original, with: broken))
        #expect(found.contains { $0.hasPrefix(expected) || $0.contains(expected) }, "\(found)")
    }

    @Test func aYAMLSyntaxErrorIsReportedWithItsLine() throws {
        let found = try Self.lint("name: collections\ntools: [a, b\nrole: x\n")
        #expect(found.first?.hasPrefix("agents/collections.yaml:") == true)
        #expect(found.first?.contains("YAML syntax error") == true)
    }
}
