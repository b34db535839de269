import Foundation
import O2CAgents
import O2CCore
import O2CDemo
import O2CLedger
import O2CLLM
import O2CScriptedModel

/// Shared set-up for agent tests: the repository's agents/, prompts/ and guardrails/, and a fresh
/// copy of the demo ledger per test.
enum AgentFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let asOf = BusinessDate(iso: "2026-11-25")!
    static let testKey = "sk-test-SECRET-0123456789"

    static let template: String = {
        let dir = NSTemporaryDirectory() + "o2c-agents-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/demo.sqlite"
        let clock = ManualClock(date: asOf.adding(days: -200))
        if let ledger = try? Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy) {
            try? ledger.setUp(DemoData.masterData(seed: 42, asOf: asOf))
            _ = try? DemoData.populate(ledger, clock: clock, seed: 42, asOf: asOf)
            try? DemoData.addUsers(ledger)
        }
        return path
    }()

    static func ledger() throws -> Ledger {
        let path = NSTemporaryDirectory() + "o2c-agent-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: path)
        let set = try GuardrailSet.load(directory: root + "/guardrails").get()
        let profiles = AgentCatalog.load(home: root, guardrails: set).profiles
        let policy = set.policy(filesByAgent: Dictionary(profiles.map { ($0.name, $0.guardrails) }, uniquingKeysWith: { a, _ in a }))
        return try Ledger.open(path: path, clock: ManualClock(date: asOf), policy: policy)
    }

    static func catalog() -> AgentCatalog { AgentCatalog.load(home: root) }
    static func assembler() -> PromptAssembler { PromptAssembler(promptsDirectory: root + "/prompts") }
    static func content() throws -> any ContentGuard { try O2CHome(root).contentGuard() }

    static func profile(_ name: String) throws -> AgentProfile {
        guard let p = catalog().profile(named: name) else { throw AgentTestError(message: "no agent \(name)") }
        return p
    }

    /// A runner against a scripted OpenAI-compatible server. The request timeout is generous (a
    /// loaded CI machine must not turn a slow answer into a failed run); the hang tests pass a short one.
    static func runner(_ ledger: Ledger, _ server: ScriptedModelServer, retry: RetryPolicy = .none, timeoutSeconds: Double = 15,
                       executor: LedgerExecutor? = nil) throws -> AgentRunner {
        AgentRunner(ledger: ledger, assembler: assembler(), content: try content(),
                    client: OpenAIChatClient(baseURL: server.openAIBaseURL, apiKey: testKey, retryPolicy: retry), requestTimeoutSeconds: timeoutSeconds,
                    executor: executor)
    }

    static func call(_ name: String, _ args: String) -> ScriptedToolCall { ScriptedToolCall(name: name, argumentsJSON: args) }
}

struct AgentTestError: Error { let message: String }
