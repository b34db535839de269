import Foundation
import O2CLLM
import O2CScriptedModel
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func twoHundredConcurrentConversations() async throws {
        let server = try startedServer([
            .toolCalls([ScriptedToolCall(name: "lookup_order", argumentsJSON: #"{"order_id":"X"}"#)]),
            .text("finished"),
        ], selection: .byConversation)
        defer { server.stop() }
        let client = openAI(server)
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    var request = simpleRequest("conversation \(i)", tools: [lookupTool])
                    let first = try await client.complete(request)
                    guard let call = first.toolCalls.first else { return false }
                    request.messages += [.assistant(text: "", toolCalls: first.toolCalls), .toolResult(toolCallID: call.id, content: "ok")]
                    let second = try await client.complete(request)
                    return second.text == "finished"
                }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        #expect(finished == 200)
        #expect(server.requestCount == 400)
    }

    @Test func concurrentStreams() async throws {
        let server = try startedServer([.text("streamed reply for everyone")], selection: .byConversation)
        defer { server.stop() }
        let client = anthropic(server)
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask { try await collect(client.stream(simpleRequest())).done?.text ?? "" }
            }
            var out: [String] = []
            for try await t in group { out.append(t) }
            return out
        }
        #expect(texts.count == 50)
        #expect(texts.allSatisfy { $0 == "streamed reply for everyone" })
    }

    @Test func conversationModeFaultsArePerConversation() async throws {
        let server = try startedServer([.text("ok", faults: [.status(503, retryAfter: 0)])], selection: .byConversation)
        defer { server.stop() }
        let client = openAI(server)
        let a = try await client.complete(simpleRequest("a"))
        let b = try await client.complete(simpleRequest("b"))
        #expect(a.attempts == 2)
        #expect(b.attempts == 2)
    }
}
