import Foundation
import O2CLLM
import O2CScriptedModel
import Testing

@Suite("Anthropic Messages")
struct AnthropicClientTests {
    @Test func nonStreamingTextAndToolUse() async throws {
        let server = try startedServer([
            .toolCalls([
                ScriptedToolCall(name: "lookup_order", argumentsJSON: #"{"order_id":"SO-1","qty":12345678901234567890}"#),
                ScriptedToolCall(name: "lookup_order", argumentsJSON: #"{"order_id":"SO-2"}"#),
            ], text: "Checking.", usage: ModelUsage(inputTokens: 40, outputTokens: 12)),
            .text("Done."),
        ])
        defer { server.stop() }
        let client = anthropic(server)
        let first = try await client.complete(simpleRequest(tools: [lookupTool]))
        #expect(first.text == "Checking.")
        #expect(first.stopReason == "tool_use")
        #expect(first.usage == ModelUsage(inputTokens: 40, outputTokens: 12))
        #expect(first.toolCalls == [
            ModelToolCall(id: "toolu_0_0", name: "lookup_order", argumentsJSON: #"{"order_id":"SO-1","qty":12345678901234567890}"#),
            ModelToolCall(id: "toolu_0_1", name: "lookup_order", argumentsJSON: #"{"order_id":"SO-2"}"#),
        ])

        var request = simpleRequest(tools: [lookupTool])
        request.messages += [
            .assistant(text: "Checking.", toolCalls: first.toolCalls),
            .toolResult(toolCallID: "toolu_0_0", content: "open"),
            .toolResult(toolCallID: "toolu_0_1", content: "not found", isError: true),
        ]
        let second = try await client.complete(request)
        #expect(second.text == "Done.")
        #expect(second.stopReason == "end_turn")

        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests[0].path == "/v1/messages")
        let body0 = try #require(requests[0].json)
        #expect(body0["system"]?.stringValue == "You are terse.")
        #expect(body0["max_tokens"]?.intValue == 256)
        #expect(body0["tools"]?[0]?["name"]?.stringValue == "lookup_order")
        #expect(body0["tools"]?[0]?["input_schema"]?["type"]?.stringValue == "object")
        #expect(body0["messages"]?[0]?["role"]?.stringValue == "user")
        #expect(body0["messages"]?[0]?["content"]?[0]?["text"]?.stringValue == "Hi")

        let messages = try #require(requests[1].json?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
        let assistantBlocks = try #require(messages[1]["content"]?.arrayValue)
        #expect(assistantBlocks.map { $0["type"]?.stringValue } == ["text", "tool_use", "tool_use"])
        #expect(assistantBlocks[1]["input"]?["order_id"]?.stringValue == "SO-1")
        let results = try #require(messages[2]["content"]?.arrayValue)
        #expect(results.count == 2)
        #expect(results[0]["type"]?.stringValue == "tool_result")
        #expect(results[0]["tool_use_id"]?.stringValue == "toolu_0_0")
        #expect(results[0]["is_error"]?.boolValue == false)
        #expect(results[1]["content"]?.stringValue == "not found")
        #expect(results[1]["is_error"]?.boolValue == true)
    }

    @Test func streamingTextAndToolUse() async throws {
        let args = #"{"order_id":"SO-77","lines":[1,2,3]}"#
        let server = try startedServer([
            .toolCalls([ScriptedToolCall(name: "lookup_order", argumentsJSON: args)], text: "Let me look that up.", usage: ModelUsage(inputTokens: 21, outputTokens: 33)),
        ])
        defer { server.stop() }
        let result = try await collect(anthropic(server).stream(simpleRequest(tools: [lookupTool])))
        #expect(result.deltas.count > 1)
        #expect(result.deltas.joined() == "Let me look that up.")
        #expect(result.calls == [ModelToolCall(id: "toolu_0_0", name: "lookup_order", argumentsJSON: args)])
        let done = try #require(result.done)
        #expect(done.text == "Let me look that up.")
        #expect(done.toolCalls == result.calls)
        #expect(done.stopReason == "tool_use")
        #expect(done.usage == ModelUsage(inputTokens: 21, outputTokens: 33))
        #expect(done.responseBody.contains("event: message_stop"))
        #expect(server.requests.first?.json?["stream"]?.boolValue == true)
    }

    @Test func headersAndBaseURLWithV1() async throws {
        let server = try startedServer([.text("a"), .text("b")])
        defer { server.stop() }
        let response = try await anthropic(server).complete(simpleRequest())
        let v1 = AnthropicMessagesClient(baseURL: server.baseURL + "/v1/", apiKey: testKey, retryPolicy: SleepRecorder().policy())
        #expect(v1.endpoint == server.baseURL + "/v1/messages")
        _ = try await v1.complete(simpleRequest())
        for recorded in server.requests {
            #expect(recorded.path == "/v1/messages")
            #expect(recorded.headers["x-api-key"] == testKey)
            #expect(recorded.headers["anthropic-version"] == "2023-06-01")
            #expect(recorded.headers["content-type"] == "application/json")
            #expect(recorded.headers["authorization"] == nil)
            #expect(!recorded.body.contains(testKey))
        }
        #expect(!response.requestBody.contains(testKey))
        #expect(!"\(v1)".contains(testKey))
    }
}
