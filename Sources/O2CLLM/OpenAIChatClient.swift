import O2CCore

/// Client for OpenAI-compatible Chat Completions (`POST {base}/chat/completions`).
public struct OpenAIChatClient: ModelClient, CustomStringConvertible {
    private let http: ModelHTTPClient
    private let maxTokensField: String

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: API base, e.g. `https://api.openai.com/v1` (the `/chat/completions` suffix is appended).
    ///   - apiKey: Sent as `Authorization: Bearer KEY` when non-empty; never put in bodies or messages.
    ///   - transport: HTTP transport (defaults to the shared libcurl transport).
    ///   - retryPolicy: Retry policy for 429 / 5xx / timeouts / connection errors.
    ///   - extraHeaders: Additional headers sent with every request.
    ///   - maxTokensField: Body field for the token limit (`max_tokens`, or `max_completion_tokens`).
    public init(
        baseURL: String = "https://api.openai.com/v1",
        apiKey: String?,
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard,
        extraHeaders: [String: String] = [:],
        maxTokensField: String = "max_tokens"
    ) {
        http = ModelHTTPClient(baseURL: baseURL, apiKey: apiKey, transport: transport, retryPolicy: retryPolicy, extraHeaders: extraHeaders)
        self.maxTokensField = maxTokensField
    }

    /// Base URL, e.g. `https://api.openai.com/v1`.
    public var baseURL: String { http.baseURL }

    /// Describes the client without revealing the key.
    public var description: String { http.describe("OpenAIChatClient") }

    /// The endpoint URL.
    public var endpoint: String { http.trimmedBase + "/chat/completions" }

    private func headers(stream: Bool) -> [String: String] {
        var headers = ["Content-Type": "application/json"]
        if stream { headers["Accept"] = "text/event-stream" }
        if let apiKey = http.apiKey, !apiKey.isEmpty { headers["Authorization"] = "Bearer \(apiKey)" }
        return headers
    }

    // MARK: Encoding

    /// The JSON body for a request, as UTF-8 bytes.
    public func requestBody(for request: ModelRequest, stream: Bool) throws -> [UInt8] {
        try encode(request, stream: stream).bytes
    }

    /// The JSON body with the fragments in it every request of the same agent repeats.
    func encode(_ request: ModelRequest, stream: Bool) throws -> EncodedRequest {
        var fragments: [RequestFragment] = []
        let prefix = try http.prefix(for: request, system: { system in
            var w = JSONWriter()
            Self.message(&w, role: "system", content: system)
            return w.bytes
        }, tools: { tools in
            var w = JSONWriter(capacity: 4096)
            w.byte(UInt8(ascii: "["))
            for (k, tool) in tools.enumerated() {
                if k > 0 { w.byte(UInt8(ascii: ",")) }
                w.literal(#"{"type":"function","function":{"name":"#)
                w.string(tool.name)
                w.key("description")
                w.string(tool.description)
                w.key("parameters")
                w.value(try ModelHTTPClient.schema(of: tool))
                w.literal("}}")
            }
            w.byte(UInt8(ascii: "]"))
            return w.bytes
        })
        var w = JSONWriter(capacity: prefix.systemJSON.count + prefix.toolsJSON.count + 512 + request.messages.count * 256)
        w.literal(#"{"model":"#)
        w.string(request.model)
        w.literal(#","messages":["#)
        prefix.writeSystem(&w, &fragments)
        var first = prefix.systemJSON.isEmpty
        for message in request.messages {
            if !first { w.byte(UInt8(ascii: ",")) }
            first = false
            switch message {
            case let .system(text): Self.message(&w, role: "system", content: text)
            case let .user(text): Self.message(&w, role: "user", content: text)
            case let .assistant(text, toolCalls):
                w.literal(#"{"role":"assistant","content":"#)
                if text.isEmpty && !toolCalls.isEmpty { w.literal("null") } else { w.string(text) }
                if !toolCalls.isEmpty {
                    w.literal(#","tool_calls":["#)
                    for (k, call) in toolCalls.enumerated() {
                        if k > 0 { w.byte(UInt8(ascii: ",")) }
                        w.literal(#"{"id":"#)
                        w.string(call.id)
                        w.literal(#","type":"function","function":{"name":"#)
                        w.string(call.name)
                        w.key("arguments")
                        w.string(call.argumentsJSON)
                        w.literal("}}")
                    }
                    w.byte(UInt8(ascii: "]"))
                }
                w.byte(UInt8(ascii: "}"))
            case let .toolResult(toolCallID, content, _):
                w.literal(#"{"role":"tool","tool_call_id":"#)
                w.string(toolCallID)
                w.key("content")
                w.string(content)
                w.byte(UInt8(ascii: "}"))
            }
        }
        w.byte(UInt8(ascii: "]"))
        if !prefix.toolsJSON.isEmpty {
            w.literal(#","tools":"#)
            prefix.writeTools(&w, &fragments)
        }
        w.key(maxTokensField)
        w.int(request.maxTokens)
        if let temperature = request.temperature {
            w.key("temperature")
            if temperature.isFinite { w.raw(String(temperature)) } else { w.literal("null") }
        }
        if stream { w.literal(#","stream":true,"stream_options":{"include_usage":true}"#) }
        w.byte(UInt8(ascii: "}"))
        return EncodedRequest(bytes: w.bytes, fragments: fragments)
    }

    private static func message(_ w: inout JSONWriter, role: StaticString, content: String) {
        w.literal(#"{"role":""#)
        w.literal(role)
        w.literal(#"","content":"#)
        w.string(content)
        w.byte(UInt8(ascii: "}"))
    }

    // MARK: Non-streaming

    /// Sends the request and parses `choices[0].message`.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try await http.complete(url: endpoint, headers: headers(stream: false), body: try encode(request, stream: false),
                                timeout: request.timeoutSeconds, what: "chat completion") { root, failures in
            guard let choice = root["choices"]?[0], let message = choice["message"] else {
                throw failures.malformed("missing choices[0].message")
            }
            var reply = ModelReply(stopReason: choice["finish_reason"]?.stringValue ?? "")
            if let content = message["content"], !content.isNull {
                guard let s = content.stringValue else { throw failures.malformed("message.content is not a string") }
                reply.text = s
            }
            if let toolCalls = message["tool_calls"], !toolCalls.isNull {
                guard let items = toolCalls.arrayValue else { throw failures.malformed("tool_calls is not an array") }
                for item in items {
                    guard let id = item["id"]?.stringValue, let function = item["function"], let name = function["name"]?.stringValue else {
                        throw failures.malformed("tool call without id / function.name")
                    }
                    let arguments: String
                    if let raw = function["arguments"]?.stringValue {
                        arguments = raw
                    } else if let structured = function["arguments"], !structured.isNull {
                        arguments = structured.serialized()
                    } else {
                        arguments = ""
                    }
                    reply.toolCalls.append(ModelToolCall(id: id, name: name, argumentsJSON: arguments))
                }
            }
            reply.usage = ModelUsage(inputTokens: root["usage"]?["prompt_tokens"]?.intValue ?? 0,
                                     outputTokens: root["usage"]?["completion_tokens"]?.intValue ?? 0)
            return reply
        }
    }

    // MARK: Streaming

    /// Streams the completion: text deltas, tool calls as they complete, then `.done`.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, Error> {
        http.stream(url: endpoint, headers: headers(stream: true), timeout: request.timeoutSeconds, what: "chat completion",
                    decoder: StreamDecoder()) { [self] in try encode(request, stream: true) }
    }

    /// Chat Completions chunks: `choices[0].delta` pieces, tool calls by index, `[DONE]`.
    private struct StreamDecoder: ModelStreamDecoder {
        struct PartialCall {
            var id = ""
            var name = ""
            var arguments = ""
            var emitted = false
        }

        var reply = ModelReply()
        var calls: [Int: PartialCall] = [:]
        var finishReason: String?

        mutating func emitCalls(below limit: Int, _ emit: (ModelStreamEvent) -> Void) {
            for index in calls.keys.sorted() where index < limit {
                guard var call = calls[index], !call.emitted else { continue }
                call.emitted = true
                calls[index] = call
                emit(.toolCall(ModelToolCall(id: call.id, name: call.name, argumentsJSON: call.arguments)))
            }
        }

        mutating func handle(_ event: SSEEvent, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> Bool {
            if event.data == "[DONE]" { return true }
            guard let chunk = try? JSONParser().parse(event.data) else { throw failures.malformed("chunk is not JSON") }
            if let error = chunk["error"], !error.isNull {
                throw failures.streamError("stream error: \(error["message"]?.stringValue ?? error.serialized())")
            }
            if let u = chunk["usage"], !u.isNull {
                reply.usage = ModelUsage(inputTokens: u["prompt_tokens"]?.intValue ?? 0, outputTokens: u["completion_tokens"]?.intValue ?? 0)
            }
            guard let choice = chunk["choices"]?[0] else { return false }
            if let delta = choice["delta"] {
                if let content = delta["content"]?.stringValue, !content.isEmpty {
                    reply.text += content
                    emit(.textDelta(content))
                }
                for (position, item) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
                    let index = item["index"]?.intValue ?? position
                    emitCalls(below: index, emit)
                    var call = calls[index] ?? PartialCall()
                    if let id = item["id"]?.stringValue, !id.isEmpty { call.id = id }
                    if let name = item["function"]?["name"]?.stringValue, !name.isEmpty { call.name += name }
                    if let fragment = item["function"]?["arguments"]?.stringValue { call.arguments += fragment }
                    calls[index] = call
                }
            }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
            return false
        }

        mutating func finish(ended: Bool, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> ModelReply {
            guard ended || finishReason != nil else { throw failures.malformed("stream ended without [DONE]") }
            emitCalls(below: Int.max, emit)
            reply.toolCalls = calls.keys.sorted().compactMap { calls[$0] }.map { ModelToolCall(id: $0.id, name: $0.name, argumentsJSON: $0.arguments) }
            reply.stopReason = finishReason ?? ""
            return reply
        }
    }
}
