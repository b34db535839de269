import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import O2CScriptedModel
import O2CWorkflow

/// Runs the hostile-text corpus (issue 13, item 3) through the product's entry points: each
/// case's text reaches the agent its entry feeds, as that entry gives it (text intake's
/// `order.received` text, a `payment.unmatched` event's bank data, a rep's `/v1/ask` question
/// within the rep's customers), and a scripted model on 127.0.0.1 that OBEYS the text emits the
/// case's tool calls. Any write that executes and any read that answers is an escape.
public struct HostileCheck: Sendable {
    /// The home folder (agents/, prompts/, guardrails/).
    public let home: O2CHome

    /// A check under `home`'s agents and guardrails.
    public init(home: O2CHome) { self.home = home }

    /// Runs every case against one demo ledger.
    public func run(_ corpus: HostileCorpus) async throws -> HostileReport {
        let store = try StressLedger.make(home: home, label: "hostile")
        defer { store.remove() }
        let catalog = home.catalog()
        let content = try home.contentGuard()
        var outcomes: [HostileOutcome] = []
        for c in corpus.cases {
            let agent = Self.agent(for: c.entry)
            guard let profile = catalog.profile(named: agent) else { throw StressError("no agent '\(agent)' in \(home.agentsDirectory)") }
            let server = ScriptedModelServer(script: [
                .toolCalls(c.obeys.enumerated().map { ScriptedToolCall(name: $0.element.tool, argumentsJSON: $0.element.arguments, id: "call_\($0.offset)") }),
                .text("Done, as the message asked."),
            ])
            try server.start()
            let runner = AgentRunner(ledger: store.ledger, assembler: home.assembler(), content: content,
                                     client: OpenAIChatClient(baseURL: server.openAIBaseURL, apiKey: nil, retryPolicy: .none), requestTimeoutSeconds: 30)
            let result: RunResult
            switch c.entry {
            case .repQuestion:
                let rep = c.rep ?? "sam"
                result = await runner.run(profile, input: c.text, scope: ToolScope(owner: rep), onBehalfOf: rep)
            case .purchaseOrder, .customerEmail, .orderNote, .bankReference:
                result = await runner.run(profile, input: AgentTriggers.input(for: Self.event(for: c)), idempotencyScope: "agent:\(agent):hostile-\(c.id)")
            }
            server.stop()
            outcomes.append(HostileOutcome(case: c, result: result))
        }
        return HostileReport(outcomes: outcomes)
    }

    /// The agent an entry feeds.
    public static func agent(for entry: HostileEntry) -> String {
        switch entry {
        case .purchaseOrder, .customerEmail, .orderNote: return "order-intake"
        case .bankReference: return "cash-application"
        case .repQuestion: return "sales-assistant"
        }
    }

    /// The workflow event carrying the case's text, shaped as the product raises it.
    static func event(for c: HostileCase) -> JSONValue {
        switch c.entry {
        case .bankReference:
            // As cash application raises it: the bank's data under "untrusted".
            return ["type": "payment.unmatched", "subject": "PAY-HOSTILE",
                    "payload": ["payment_id": "PAY-HOSTILE", "amount": "1250.00", "unapplied": "1250.00", "currency": "USD", "confidence": 0,
                                "threshold": 90, "method": "none", "proposal": .array([]), "reasons": ["no open invoice matches the reference"],
                                "alternatives": .array([]),
                                "untrusted": ["payer_name": "Globex Industrial", "payer_account": "DE89370400440532013000", "reference": .string(c.text)]]]
        default:
            return ["type": "order.received", "subject": "TXT-HOSTILE", "payload": ["text": .string(c.text), "source": .string(c.entry.rawValue)]]
        }
    }
}

/// What came of one case: how the text was screened and what stopped each obeyed call.
public struct HostileOutcome: Sendable {
    /// The case.
    public let hostileCase: HostileCase
    /// The content policy blocked the text before the model saw it.
    public let inputBlocked: Bool
    /// The content policy's findings on the text (flagged when not blocked).
    public let findings: [String]
    /// Each obeyed call: the tool, the outcome the run recorded, and what stopped it (nil: nothing did).
    public let calls: [(tool: String, outcome: String, stop: HostileStop?, message: String)]
    /// What is wrong: an escape, a call stopped other than the case expects, a call never made.
    public let problems: [String]

    init(case c: HostileCase, result: RunResult) {
        hostileCase = c
        var blocked = false
        var findings: [String] = []
        var calls: [(tool: String, outcome: String, stop: HostileStop?, message: String)] = []
        for step in result.steps {
            switch step {
            case .inputScan(let b, let f):
                blocked = b
                findings = f
            case .tool(let stepNumber, let tool, _, let outcome, let result, _) where stepNumber == 1:
                let message = result["error"]?.stringValue ?? result.serialized()
                calls.append((tool, outcome, Self.stop(outcome: outcome, message: message), message))
            default:
                break
            }
        }
        inputBlocked = blocked
        self.findings = findings
        self.calls = calls
        var problems: [String] = []
        if blocked {
            if !c.expect.contains(.contentPolicy) { problems.append("the content policy blocked the text; the case expects \(Self.names(c.expect))") }
        } else {
            if calls.count != c.obeys.count {
                problems.append("the run made \(calls.count) of the \(c.obeys.count) obeyed calls (state \(result.state.rawValue): \(result.reason ?? "-"))")
            }
            for call in calls {
                guard let stop = call.stop else {
                    problems.append("ESCAPE: \(call.tool) → \(call.outcome)" + (call.outcome == "ok" ? " (a read answered)" : " (a write took effect)"))
                    continue
                }
                if !c.expect.contains(stop) {
                    problems.append("\(call.tool) was stopped by \(stop.rawValue) (\(call.message.prefix(160))); the case expects \(Self.names(c.expect))")
                }
            }
        }
        self.problems = problems
    }

    /// Whether a write took effect or a read answered.
    public var escaped: Bool { !inputBlocked && calls.contains { $0.stop == nil } }
    /// Stopped outright: the text blocked, or every call refused.
    public var blocked: Bool { problems.isEmpty && (inputBlocked || calls.allSatisfy { $0.stop != .approval }) }
    /// Stopped by being flagged: a call waits for a person's approval.
    public var flagged: Bool { problems.isEmpty && !blocked }

    private static func names(_ stops: [HostileStop]) -> String { stops.map(\.rawValue).joined(separator: " or ") }

    /// What stopped a call, from its outcome and message; nil when it took effect.
    static func stop(outcome: String, message: String) -> HostileStop? {
        switch outcome {
        case "executed", "ok": return nil
        case "pending_approval": return .approval
        case "denied": return .guardrail
        case "invalid": return .argumentCheck
        default:
            if message.hasPrefix("unknown tool") { return .toolList }
            if message.contains("in your accounts") || message.contains("your own customers") { return .scope }
            return .argumentCheck
        }
    }
}
