import Foundation
import O2CLLM
import O2CScriptedModel
import Testing

@Suite("OpenAI Chat Completions")
struct OpenAIClientTests {
    @Test func nonStreamingText() async throws {
        let server = try startedServer([.text("Hello there", usage: ModelUsage(inputTokens: 11, outputTokens: 7))])
        defer { server.stop() }
        let response = try await openAI(server).complete(simpleRequest())
        #expect(response.text == "Hello there")
        #expect(response.toolCalls.isEmpty)
        #expect(response.usage == ModelUsage(inputTokens: 11, outputTokens: 7))
        #expect(response.stopReason == "stop")
        #expect(response.attempts == 1)
        #expect(response.responseBody.contains("chat.completion"))

        let recorded = try #require(server.requests.first)
        #expect(recorded.method == "POST")
        #expect(recorded.path == "/v1/chat/completions")
        let body = try #require(recorded.json)
        #expect(body["model"]?.stringValue == "test-model")
        #expect(body["max_tokens"]?.intValue == 256)
        #expect(body["temperature"] == .number("0.2"))
        #expect(body["stream"] == nil)
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user"])
        #expect(messages[0]["content"]?.stringValue == "You are terse.")
        #expect(messages[1]["content"]?.stringValue == "Hi")
        #expect(response.requestBody == recorded.body)
    }

    @Test func parallelToolCallsAndToolResultRoundTrip() async throws {
        let server = try startedServer([
            .toolCalls([
                ScriptedToolCall(name: "lookup_order", argumentsJSON: #"{"order_id":"SO-1"}"#),
                ScriptedToolCall(name: "lookup_order", argumentsJSON: #"{"order_id": "SO-2""#),  // deliberately malformed
            ]),
            .text("Both orders are open."),
        ])
        defer { server.stop() }
        let client = openAI(server)
        let first = try await client.complete(simpleRequest(tools: [lookupTool]))
        #expect(first.stopReason == "tool_calls")
        #expect(first.text == "")
        #expect(first.toolCalls == [
            ModelToolCall(id: "call_0_0", name: "lookup_order", argumentsJSON: #"{"order_id":"SO-1"}"#),
            ModelToolCall(id: "call_0_1", name: "lookup_order", argumentsJSON: #"{"order_id": "SO-2""#),
        ])

        var request = simpleRequest(tools: [lookupTool])
        request.messages += [
            .assistant(text: "", toolCalls: first.toolCalls),
            .toolResult(toolCallID: "call_0_0", content: #"{"status":"open"}"#),
            .toolResult(toolCallID: "call_0_1", content: "invalid arguments", isError: true),
        ]
        let second = try await client.complete(request)
        #expect(second.text == "Both orders are open.")

        let requests = server.requests
        #expect(requests.count == 2)
        let firstBody = try #require(requests[0].json)
        let tool = try #require(firstBody["tools"]?[0])
        #expect(tool["type"]?.stringValue == "function")
        #expect(tool["function"]?["name"]?.stringValue == "lookup_order")
        #expect(tool["function"]?["description"]?.stringValue == "Look up an order by id")
        #expect(tool["function"]?["parameters"]?["required"]?[0]?.stringValue == "order_id")

        let messages = try #require(requests[1].json?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "tool", "tool"])
        let assistant = messages[2]
        #expect(assistant["content"]?.isNull == true)
        #expect(assistant["tool_calls"]?[1]?["id"]?.stringValue == "call_0_1")
        #expect(assistant["tool_calls"]?[1]?["type"]?.stringValue == "function")
        #expect(assistant["tool_calls"]?[1]?["function"]?["arguments"]?.stringValue == #"{"order_id": "SO-2""#)
        #expect(messages[3]["tool_call_id"]?.stringValue == "call_0_0")
        #expect(messages[3]["content"]?.stringValue == #"{"status":"open"}"#)
        #expect(messages[4]["tool_call_id"]?.stringValue == "call_0_1")
    }

    @Test func streamingText() async throws {
        let text = "Streaming works across several chunks."
        let server = try startedServer([.text(text, usage: ModelUsage(inputTokens: 5, outputTokens: 9))])
        defer { server.stop() }
        let result = try await collect(openAI(server).stream(simpleRequest()))
        #expect(result.deltas.count > 2)
        #expect(result.deltas.joined() == text)
        let done = try #require(result.done)
        #expect(done.text == text)
        #expect(done.stopReason == "stop")
        #expect(done.usage == ModelUsage(inputTokens: 5, outputTokens: 9))
        #expect(done.responseBody.contains("data: [DONE]"))
        let body = try #require(server.requests.first?.json)
        #expect(body["stream"]?.boolValue == true)
        #expect(body["stream_options"]?["include_usage"]?.boolValue == true)
    }

    @Test func streamingToolCallFragments() async throws {
        let args0 = #"{"order_id":"SO-1001","include_lines":true}"#
        let args1 = #"{"order_id": "SO-1002", "#  // malformed on purpose
        let server = try startedServer([
            .toolCalls([ScriptedToolCall(name: "lookup_order", argumentsJSON: args0), ScriptedToolCall(name: "hold_order", argumentsJSON: args1, id: "call_custom")]),
        ])
        defer { server.stop() }
        let result = try await collect(openAI(server).stream(simpleRequest(tools: [lookupTool])))
        let expected = [
            ModelToolCall(id: "call_0_0", name: "lookup_order", argumentsJSON: args0),
            ModelToolCall(id: "call_custom", name: "hold_order", argumentsJSON: args1),
        ]
        #expect(result.calls == expected)
        let done = try #require(result.done)
        #expect(done.toolCalls == expected)
        #expect(done.stopReason == "tool_calls")
        // The arguments really arrived in several fragments.
        #expect(done.responseBody.components(separatedBy: "\"arguments\"").count > 6)
    }

    @Test func authorizationHeaderAndNoKeyInBody() async throws {
        let server = try startedServer([.text("ok"), .text("ok")])
        defer { server.stop() }
        let response = try await openAI(server).complete(simpleRequest())
        _ = try await openAI(server, key: nil).complete(simpleRequest())
        let requests = server.requests
        #expect(requests[0].headers["authorization"] == "Bearer \(testKey)")
        #expect(requests[0].headers["content-type"] == "application/json")
        #expect(requests[0].headers["x-api-key"] == nil)
        #expect(requests[1].headers["authorization"] == nil)
        #expect(!requests[0].body.contains(testKey))
        #expect(!response.requestBody.contains(testKey))
        #expect(!response.responseBody.contains(testKey))
        #expect(!"\(openAI(server))".contains(testKey))
    }

    @Test func invalidToolSchemaIsRejectedBeforeSending() async throws {
        let server = try startedServer([.text("never")])
        defer { server.stop() }
        let bad = ModelToolSpec(name: "x", description: "y", parametersJSONSchema: "{not json")
        let error = await #expect(throws: ModelError.self) { try await openAI(server).complete(simpleRequest(tools: [bad])) }
        #expect(error?.code == .invalidRequest)
        #expect(server.requestCount == 0)
    }
}
