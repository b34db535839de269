import Foundation
import O2CAgents
import O2CCore
import O2CScriptedModel
import Testing

/// Every kind of file people write is read by one YAML reader: a mistake names file:line:column
/// and what to do, the same way for o2c.yaml, scenarios, profiles and content guardrails.
@Suite("One YAML reader")
struct YAMLDiagnosticsTests {
    static func file(_ text: String, name: String = "o2c.yaml") throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-yaml-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return dir + "/" + name
    }

    static func configProblems(_ text: String) throws -> [String] {
        let path = try file(text)
        do {
            _ = try O2CConfig.load(path: path, environment: [:])
            return []
        } catch let e as ConfigError {
            #expect(e.message == e.diagnostics.map(\.description).joined(separator: "\n"))
            return e.diagnostics.map { $0.description.replacingOccurrences(of: path, with: "o2c.yaml") }
        }
    }

    @Test(arguments: [
        ("db: a.sqlite\nmodles:\n  default: { model: x }\n", "o2c.yaml:2:1: unknown setting 'modles' — did you mean 'models'?"),
        ("models:\n  default:\n    provider: openai\n    modle: llama3.1\n", "o2c.yaml:4:5: unknown model setting 'modle' in models.default — did you mean 'model'?"),
        ("models:\n  default: { provider: mystery }\n", "o2c.yaml:2:24: models.default.provider must be openai or anthropic, not 'mystery'"),
        ("models:\n  default: { api_key: sk-1 }\n", "o2c.yaml:2:14: unknown model setting 'api_key' in models.default — put the key in an environment variable and name it with api_key_env"),
        ("rate_limit: fast\n", "o2c.yaml:1:13: rate_limit must be a number of requests, 0 or more"),
        ("metrics_auth: maybe\n", "o2c.yaml:1:15: 'metrics_auth' must be true or false"),
        ("db: a.sqlite\ndb: b.sqlite\n", "o2c.yaml:"),
    ])
    func anO2CYamlMistakeNamesItsLineAndColumn(text: String, expected: String) throws {
        let problems = try Self.configProblems(text)
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    @Test func aDuplicateKeyIsRefusedAndSaysWhichKey() throws {
        let problems = try Self.configProblems("db: a.sqlite\nhome: .\ndb: b.sqlite\n")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("the key 'db' appears twice in one mapping — keep one of them") == true, "\(problems)")
    }

    @Test func aYAMLSyntaxErrorInO2CYamlNamesItsLine() throws {
        let problems = try Self.configProblems("db: a.sqlite\nmodels: [a, b\nhome: .\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("o2c.yaml:3:") == true && problems.first?.contains("YAML syntax error") == true, "\(problems)")
    }

    @Test func everyProblemOfAnO2CYamlIsReportedAtOnce() throws {
        let problems = try Self.configProblems("colour: blue\nrate_burst: -1\nmodels:\n  default: { provider: x }\n")
        #expect(problems.map { String($0.prefix(while: { $0 != " " })) } == ["o2c.yaml:1:1:", "o2c.yaml:2:13:", "o2c.yaml:4:24:"], "\(problems)")
    }

    @Test func typedSettingsAreReadAsWritten() throws {
        let path = try Self.file("""
            db: ./books.sqlite
            user: alice
            rate_limit: 20
            rate_burst: 2.5
            metrics_auth: true
            models:
              default: { provider: anthropic, model: claude-x, timeout: 30 }
            """)
        let config = try O2CConfig.load(path: path, environment: [:])
        #expect(config.db == "./books.sqlite" && config.user == "alice")
        #expect(config.rateLimit == 20 && config.rateBurst == 2.5 && config.metricsAuth == true)
        #expect(config.models["default"]?.provider == "anthropic" && config.models["default"]?.timeoutSeconds == 30)
        #expect(try O2CConfig.load(path: try Self.file("# only a comment\n"), environment: [:]).models.isEmpty, "an empty file means defaults")
    }

    // MARK: scenarios

    static func scenarioProblems(_ text: String) throws -> [String] {
        let path = try file(text, name: "s.yaml")
        do {
            _ = try AgentScenario.load(path: path, display: "agents/tests/s.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    static let scenario = """
        agent: collections
        input: "Chase C-012."
        turns:
          - tool_calls:
              - { name: ar_aging, arguments: { customer_id: C-012, level: 2, note: "7" } }
          - text: Done.
        expect:
          state: completed
          tool_calls:
            - { tool: ar_aging, outcome: ok }
        """

    @Test func aGoodScenarioLoadsWithExactArguments() throws {
        let path = try Self.file(Self.scenario, name: "s.yaml")
        let s = try AgentScenario.load(path: path, display: "agents/tests/s.yaml")
        #expect(s.agent == "collections" && s.input == "Chase C-012." && s.turns.count == 2)
        #expect(s.expectedCalls.map { "\($0.tool) \($0.outcome)" } == ["ar_aging ok"])
        guard case .toolCalls(let calls, _)? = s.turns.first?.reply else { Issue.record("no tool calls"); return }
        #expect(calls.first?.argumentsJSON == #"{"customer_id":"C-012","level":2,"note":"7"}"#)
    }

    @Test(arguments: [
        ("agent: collections", "agnet: collections", "agents/tests/s.yaml:1:1: unknown key 'agnet' — did you mean 'agent'?"),
        ("{ name: ar_aging,", "{ nme: ar_aging,", "agents/tests/s.yaml:5:11: unknown key 'nme' in turns[0].tool_calls[0] — did you mean 'name'?"),
        ("  - text: Done.", "  - txt: Done.", "agents/tests/s.yaml:6:5: unknown key 'txt' in turns[1] — did you mean 'text'?"),
        ("  state: completed", "  state: completed\n  stat: failed", "agents/tests/s.yaml:9:3: unknown key 'stat' in expect — did you mean 'state'?"),
        ("input: \"Chase C-012.\"", "input: \"Chase C-012.\"\nagent: again", "agents/tests/s.yaml:"),
        ("turns:", "turns: [", "agents/tests/s.yaml:"),
    ])
    func aScenarioMistakeNamesItsLineAndColumn(original: String, broken: String, expected: String) throws {
        let problems = try Self.scenarioProblems(Self.scenario.replacingOccurrences(of: original, with: broken))
        #expect(!problems.isEmpty && problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    // MARK: profiles and content guardrails

    @Test func aDuplicateKeyInAProfileIsReportedWithItsPlace() throws {
        let found = try AgentLintTests.lint(AgentLintTests.good + "\nmodel: careful\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("agents/collections.yaml:") == true && found.first?.contains("'model' appears twice") == true, "\(found)")
    }

    @Test func anUnknownKeyInAContentPatternIsSuggested() throws {
        let lines = try ContentTests.diagnostics(["pii.yaml": "fields: [email]\npatterns:\n  - name: card\n    regx: '\\d{16}'\n"])
        #expect(lines.contains { $0.hasPrefix("content/pii.yaml:4:5: unknown key 'regx' in pattern 1 — did you mean 'regex'?") }, "\(lines)")
    }
}
