import Foundation
import O2CCore
import O2CScriptedModel
import Testing

/// `o2c agents run NAME --as USER` records who asked; that person cannot approve the proposal.
@Suite("o2c agents run on behalf of a user", .serialized)
struct AgentsRunOnBehalfTests {
    @Test func theUserWhoStartedARunCannotApproveWhatItProposed() async throws {
        let server = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "place_credit_hold", argumentsJSON: #"{"customer_id": "C-001", "reason": "dana asked"}"#)]),
            .text("A request waits for a credit manager."),
        ])
        try server.start()
        defer { server.stop() }
        let db = try await CLITests.freshCopy()
        var env = CLITests.home
        env["O2C_LLM_BASE_URL"] = server.openAIBaseURL
        env["O2C_LLM_MODEL"] = "test-model"
        let r = try await CLITests.o2c(["agents", "run", "sales-assistant", "--input", "Put Acme on hold", "--as", "dana", "--json", "--db", db], env: env)
        #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
        let id = try #require(r.json?["approval_ids"]?[0]?.stringValue)
        let runID = try #require(r.json?["run_id"]?.stringValue)
        #expect(try await CLITests.o2c(["runs", "show", runID, "--json", "--db", db]).json?["on_behalf_of"] == "dana")
        #expect(try await CLITests.o2c(["approvals", "show", id, "--json", "--db", db]).json?["on_behalf_of"] == "dana")
        let approve = try await CLITests.o2c(["approvals", "approve", id, "--as", "dana", "--db", db], env: CLITests.home)
        #expect(approve.status != 0)
        #expect((approve.stdout + approve.stderr).contains("on behalf of dana"), "\(approve.stdout)\(approve.stderr)")
        // An agent name is not a person who asks.
        let wrong = try await CLITests.o2c(["agents", "run", "sales-assistant", "--input", "x", "--as", "agent:collections", "--db", db], env: env)
        #expect(wrong.status == 2)
    }
}
