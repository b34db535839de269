import Foundation
import O2CLLM
import O2CScriptedModel
import Testing

@Suite("Load")
struct LoadTests {
    /// 1,000 requests genuinely in flight at once (each held 300 ms by the server) on one curl thread.
    @Test func thousandInFlightRequests() async throws {
        raiseOpenFileLimit()
        let server = try startedServer([.text("pong", latencyMs: 300)], selection: .byConversation)
        defer { server.stop() }
        let client = openAI(server)
        // Served one at a time, 1,000 requests of 300 ms would pass their 30 s timeouts.
        let ok = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<1000 {
                group.addTask { try await client.complete(simpleRequest("ping \(i)", timeout: 30)).text == "pong" }
            }
            var count = 0
            for try await success in group where success { count += 1 }
            return count
        }
        #expect(ok == 1000)
    }
}
