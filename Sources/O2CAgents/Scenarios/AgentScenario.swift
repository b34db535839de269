import Foundation
import O2CCore
import O2CLLM
import O2CScriptedModel
import O2CLedger
internal import Yams

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

    /// Reads a scenario file; problems name the file.
    public static func load(path: String, display: String) throws -> AgentScenario {
        func fail(_ m: String) -> ScenarioError { ScenarioError(message: "\(display): \(m)") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("cannot read the file") }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw fail("YAML syntax error: \(error)") }
        guard let doc = loaded as? [String: Any] else { throw fail("a scenario is a mapping with agent, input, turns, expect") }
        guard let agent = doc["agent"] as? String else { throw fail("missing 'agent'") }
        guard let input = doc["input"] as? String else { throw fail("missing 'input'") }
        guard let rawTurns = doc["turns"] as? [[String: Any]], !rawTurns.isEmpty else { throw fail("'turns' must be a list of model turns") }
        var turns: [ScriptedTurn] = []
        for (k, t) in rawTurns.enumerated() {
            var faults: [ScriptedFault] = []
            if let status = t["status"] as? Int { faults.append(.status(status, retryAfter: t["retry_after"] as? Int)) }
            if let calls = t["tool_calls"] as? [[String: Any]] {
                var scripted: [ScriptedToolCall] = []
                for (j, c) in calls.enumerated() {
                    guard let name = c["name"] as? String else { throw fail("turns[\(k)].tool_calls[\(j)] needs a name") }
                    let args: String
                    if let raw = c["arguments_raw"] as? String { args = raw } else { args = YAMLJSON.value(c["arguments"] ?? [String: Any]()).serialized() }
                    scripted.append(ScriptedToolCall(name: name, argumentsJSON: args, id: "call_\(k)_\(j)"))
                }
                turns.append(.toolCalls(scripted, text: (t["text"] as? String) ?? "", faults: faults))
            } else if let text = t["text"] as? String {
                turns.append(.text(text, faults: faults))
            } else {
                throw fail("turns[\(k)] needs tool_calls or text")
            }
        }
        let expect = doc["expect"] as? [String: Any] ?? [:]
        let calls = (expect["tool_calls"] as? [[String: Any]] ?? []).map { ($0["tool"] as? String ?? "", $0["outcome"] as? String ?? "") }
        let contains: [String]
        if let one = expect["answer_contains"] as? String { contains = [one] } else { contains = expect["answer_contains"] as? [String] ?? [] }
        return AgentScenario(file: display, agent: agent, description: doc["description"] as? String ?? "", input: input, turns: turns,
                             expectedState: expect["state"] as? String ?? "completed", expectedCalls: calls, answerContains: contains)
    }
}

/// A scenario file that cannot be used.
public struct ScenarioError: Error, CustomStringConvertible {
    /// What is wrong, with the file.
    public let message: String
    public var description: String { message }
}

/// YAML values (as Yams loads them) to exact JSON.
enum YAMLJSON {
    static func value(_ v: Any) -> JSONValue {
        switch v {
        case let s as String: return .string(s)
        case let b as Bool: return .bool(b)
        case let i as Int: return .int(i)
        case let d as Double: return .number(String(d))
        case let a as [Any]: return .array(a.map(value))
        case let m as [String: Any]: return .object(JSONObject(m.sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) }))
        default: return .null
        }
    }
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
