import Foundation
import O2CCore
import O2CLLM
import O2CScriptedModel
import O2CLedger
import O2CYAML

/// A scenario of `agents/tests/*.yaml`: an input, the model's scripted turns, and the tool calls
/// and gate outcomes expected.
public struct AgentScenario: Sendable {
    /// The file.
    public let file: String
    /// The agent.
    public let agent: String
    /// What it shows.
    public let description: String
    /// The input text.
    public let input: String
    /// The model's turns.
    public let turns: [ScriptedTurn]
    /// The expected terminal state.
    public let expectedState: String
    /// The expected `(tool, outcome)` sequence.
    public let expectedCalls: [(tool: String, outcome: String)]
    /// Text the answer must contain.
    public let answerContains: [String]

    static let keys = ["agent", "description", "input", "turns", "expect"]
    static let turnKeys = ["text", "tool_calls", "status", "retry_after"]
    static let callKeys = ["name", "arguments", "arguments_raw"]
    static let expectKeys = ["state", "tool_calls", "answer_contains"]

    /// Reads a scenario file; every problem names the file, line and column.
    public static func load(path: String, display: String) throws(ScenarioError) -> AgentScenario {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScenarioError(diagnostics: [Diagnostic(file: display, line: 1, column: 1, message: "cannot read the file", suggestion: "save it as UTF-8 text")])
        }
        var reader = YAMLReader(file: display, text: text)
        let scenario = read(&reader)
        guard let scenario, reader.diagnostics.isEmpty else { throw ScenarioError(diagnostics: reader.diagnostics) }
        return scenario
    }

    private static func read(_ reader: inout YAMLReader) -> AgentScenario? {
        guard let root = reader.root(empty: "write agent, input, turns and expect"),
              let doc = reader.fields(root, keys: keys, in: nil, mustBe: "a scenario is a mapping with agent, input, turns, expect")
        else { return nil }
        for key in ["agent", "input", "turns"] where doc[key] == nil { reader.report(root, "missing '\(key)'", suggestion: "add '\(key):'") }
        let agent = reader.text(doc["agent"], key: "agent"), input = reader.text(doc["input"], key: "input").flatMap { _ in doc["input"]?.string }
        var turns: [ScriptedTurn] = []
        if let node = doc["turns"], node.items?.isEmpty != false { reader.report(node, "'turns' must be a list of model turns") }
        for (k, item) in (doc["turns"]?.items ?? []).enumerated() {
            guard let t = reader.fields(item, keys: turnKeys, in: "turns[\(k)]") else { continue }
            var faults: [ScriptedFault] = []
            if let status = t["status"] {
                if let code = status.int { faults.append(.status(code, retryAfter: t["retry_after"]?.int)) } else { reader.report(status, "'status' must be an HTTP status code") }
            }
            let text = t["text"]?.string
            if let calls = t["tool_calls"] {
                var scripted: [ScriptedToolCall] = []
                for (j, c) in reader.list(calls, what: "tool_calls", hint: "write '- { name: tool, arguments: { ... } }'").enumerated() {
                    guard let f = reader.fields(c, keys: callKeys, in: "turns[\(k)].tool_calls[\(j)]") else { continue }
                    guard let name = reader.text(f["name"], key: "name") else {
                        if f["name"] == nil { reader.report(c, "turns[\(k)].tool_calls[\(j)] needs a name") }
                        continue
                    }
                    let args = f["arguments_raw"]?.string ?? (f["arguments"]?.json ?? .object(JSONObject())).serialized()
                    scripted.append(ScriptedToolCall(name: name, argumentsJSON: args, id: "call_\(k)_\(j)"))
                }
                turns.append(.toolCalls(scripted, text: text ?? "", faults: faults))
            } else if let text {
                turns.append(.text(text, faults: faults))
            } else {
                reader.report(item, "turns[\(k)] needs tool_calls or text")
            }
        }
        let expect = doc["expect"].flatMap { reader.fields($0, keys: expectKeys, in: "expect") } ?? [:]
        let calls = reader.list(expect["tool_calls"], what: "tool_calls", hint: "write '- { tool: name, outcome: executed }'").map { c in
            (c["tool"]?.string ?? "", c["outcome"]?.string ?? "")
        }
        let contains = reader.list(expect["answer_contains"], what: "answer_contains", hint: "list texts the answer must contain").compactMap(\.string)
        guard let agent, let input else { return nil }
        return AgentScenario(file: reader.file, agent: agent, description: doc["description"]?.string ?? "", input: input, turns: turns,
                             expectedState: expect["state"]?.string ?? "completed", expectedCalls: calls, answerContains: contains)
    }
}

/// A scenario file that cannot be used: every problem, each with its file, line and column.
public struct ScenarioError: Error, CustomStringConvertible {
    /// The problems.
    public let diagnostics: [Diagnostic]
    /// One line per problem.
    public var message: String { diagnostics.map(\.description).joined(separator: "\n") }
    /// The message.
    public var description: String { message }
}

/// The result of replaying one scenario.
public struct ScenarioResult: Sendable {
    /// The scenario.
    public let scenario: AgentScenario
    /// The run it produced.
    public let run: RunResult
    /// What differed from the expectation (empty when it passed).
    public let mismatches: [String]
    /// Whether it passed.
    public var passed: Bool { mismatches.isEmpty }
}

/// Replays scenarios against a scripted OpenAI-compatible server on 127.0.0.1 and a fresh ledger.
public struct ScenarioRunner: Sendable {
    /// The home with agents/ and prompts/.
    public let catalog: AgentCatalog
    /// The prompt builder.
    public let assembler: PromptAssembler
    /// The content guardrails.
    public let content: any ContentGuard

    /// A runner.
    public init(catalog: AgentCatalog, assembler: PromptAssembler, content: any ContentGuard) {
        self.catalog = catalog
        self.assembler = assembler
        self.content = content
    }

    /// Runs one scenario against `ledger`.
    public func run(_ scenario: AgentScenario, ledger: O2CLedgerHandle) async -> ScenarioResult {
        guard let profile = catalog.profile(named: scenario.agent) else {
            return ScenarioResult(scenario: scenario, run: .failed(scenario.agent, "no agent \(scenario.agent)"), mismatches: ["there is no agent '\(scenario.agent)' in agents/"])
        }
        let server = ScriptedModelServer(script: scenario.turns)
        do { try server.start() } catch {
            return ScenarioResult(scenario: scenario, run: .failed(scenario.agent, "\(error)"), mismatches: ["the scripted model server did not start: \(error)"])
        }
        defer { server.stop() }
        let client = OpenAIChatClient(baseURL: server.openAIBaseURL, apiKey: nil, retryPolicy: .none)
        let runner = AgentRunner(ledger: ledger.ledger, assembler: assembler, content: content, client: client, requestTimeoutSeconds: 10)
        let result = await runner.run(profile, input: scenario.input)
        var mismatches: [String] = []
        if result.state.rawValue != scenario.expectedState {
            mismatches.append("state: expected \(scenario.expectedState), got \(result.state.rawValue)\(result.reason.map { " (\($0))" } ?? "")")
        }
        let got = result.toolCalls.map { ($0.tool, $0.outcome) }
        if !scenario.expectedCalls.isEmpty || !got.isEmpty {
            for k in 0..<max(got.count, scenario.expectedCalls.count) {
                let e = k < scenario.expectedCalls.count ? "\(scenario.expectedCalls[k].tool) → \(scenario.expectedCalls[k].outcome)" : "(none)"
                let g = k < got.count ? "\(got[k].0) → \(got[k].1)" : "(none)"
                if e != g { mismatches.append("tool call \(k + 1): expected \(e), got \(g)") }
            }
        }
        for text in scenario.answerContains where !result.answer.contains(text) {
            mismatches.append("the answer does not contain \"\(text)\"")
        }
        return ScenarioResult(scenario: scenario, run: result, mismatches: mismatches)
    }
}

/// A ledger handed to a scenario (a fresh copy per scenario).
public struct O2CLedgerHandle: Sendable {
    /// The ledger.
    public let ledger: O2CLedger.Ledger
    /// A handle.
    public init(_ ledger: O2CLedger.Ledger) { self.ledger = ledger }
}
