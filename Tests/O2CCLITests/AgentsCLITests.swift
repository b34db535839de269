import Foundation
import O2CCore
import O2CScriptedModel
import Testing

/// The agent designer's commands, end to end through the `o2c` binary.
@Suite("o2c agents end to end", .serialized)
struct AgentsCLITests {
    @Test func shippedAgentsLintCleanAndTheirScenariosPass() async throws {
        let lint = try await CLITests.o2c(["agents", "lint"], env: CLITests.home)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("6 agents, no problems"))
        let test = try await CLITests.o2c(["agents", "test"], env: CLITests.home)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("0 failed"))
        #expect(test.stdout.contains("apply_discount → denied"))
    }

    @Test func showPrintsExactlyWhatTheModelReceives() async throws {
        let r = try await CLITests.o2c(["agents", "show", "collections", "--json", "--db", CLITests.demo], env: CLITests.home)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(r.json)
        let prompt = try #require(doc["system_prompt"]?.stringValue)
        #expect(prompt.contains("Accounts-receivable collections specialist"))
        #expect(prompt.contains("Never threaten"), "the dunning-tone partial is included")
        #expect(prompt.contains("untrusted"))
        let tools = doc["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(tools == ["ar_aging", "invoice_lookup", "payment_history", "draft_dunning_email", "send_dunning_email"])
    }

    @Test func aTypoInAProfileIsReportedWithFileLineAndSuggestion() async throws {
        let home = NSTemporaryDirectory() + "o2c-home-\(UUID().uuidString)"
        for dir in ["agents", "prompts", "guardrails"] {
            try FileManager.default.createDirectory(atPath: home + "/" + dir, withIntermediateDirectories: true)
        }
        try """
            name: collections
            description: Chases overdue invoices.
            role: Collections specialist
            goal: Get paid.
            instructions: Be kind.
            tools: [ar_aging, credit_chek]
            """.write(toFile: home + "/agents/collections.yaml", atomically: true, encoding: .utf8)
        let r = try await CLITests.o2c(["agents", "lint"], env: ["O2C_HOME": home])
        #expect(r.status == 1)
        #expect(r.stdout.contains("agents/collections.yaml:6:19: unknown tool 'credit_chek' — did you mean 'credit_check'?"), "\(r.stdout)")
    }

    @Test func withoutAModelEndpointTheStepWaitsInTheQueueAndSaysHowToConfigureOne() async throws {
        let db = try await CLITests.freshCopy()
        let r = try await CLITests.o2c(["agents", "run", "collections", "--input", "Chase C-012", "--db", db], env: CLITests.home)
        #expect(r.status == 4)
        #expect(r.stdout.contains("waiting_approval — no model configured"), "\(r.stdout)")
        #expect(r.stdout.contains("O2C_LLM_BASE_URL"))
        let queue = try #require(try await CLITests.o2c(["approvals", "list", "--json", "--db", db]).json?.arrayValue)
        #expect(queue.contains { $0["action"] == "agent_review" && $0["reason"] == "no model configured" })
    }

    @Test func aRunAgainstAnEndpointIsStoredAsATraceWithoutTheKey() async throws {
        let server = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-001"}"#)]),
            .text("Acme is in good standing."),
        ])
        try server.start()
        defer { server.stop() }
        let db = try await CLITests.freshCopy()
        let key = "sk-live-DO-NOT-LEAK-4242"
        var env = CLITests.home
        env["O2C_LLM_BASE_URL"] = server.openAIBaseURL
        env["O2C_LLM_API_KEY"] = key
        env["O2C_LLM_MODEL"] = "test-model"
        let r = try await CLITests.o2c(["agents", "run", "sales-assistant", "--input", "How is Acme doing?", "--json", "--db", db], env: env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let run = try #require(r.json)
        #expect(run["state"] == "completed")
        #expect(run["tool_calls"]?.arrayValue?.first?["tool"] == "credit_check")
        let id = try #require(run["run_id"]?.stringValue)
        let shown = try await CLITests.o2c(["runs", "show", id, "--json", "--db", db])
        #expect(shown.status == 0)
        #expect(shown.json?["steps"]?.arrayValue?.isEmpty == false)
        #expect(!shown.stdout.contains(key) && !r.stdout.contains(key) && !r.stderr.contains(key))
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(key)")
        #expect(server.requests.first?.body.contains("test-model") == true)
        let list = try await CLITests.o2c(["runs", "list", "--json", "--db", db])
        #expect(list.json?.arrayValue?.first?["run_id"] == .string(id))
    }
}
