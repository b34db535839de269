import O2CCore

/// Client for the Anthropic Messages API (`POST {base}/v1/messages`).
public struct AnthropicMessagesClient: ModelClient, CustomStringConvertible {
    private let http: ModelHTTPClient

    /// The `anthropic-version` header value sent with every request.
    public static let apiVersion = "2023-06-01"

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: API base such as `https://api.anthropic.com` or `https://host/v1`.
    ///   - apiKey: Sent as `x-api-key` when non-empty; never put in bodies or messages.
    ///   - transport: HTTP transport (defaults to the shared libcurl transport).
    ///   - retryPolicy: Retry policy for 429 / 5xx / timeouts / connection errors.
    ///   - extraHeaders: Additional headers sent with every request (e.g. `anthropic-beta`).
    public init(
        baseURL: String = "https://api.anthropic.com",
        apiKey: String?,
        transport: any HTTPTransport = CurlTransport.shared,
        retryPolicy: RetryPolicy = .standard,
        extraHeaders: [String: String] = [:]
    ) {
        http = ModelHTTPClient(baseURL: baseURL, apiKey: apiKey, transport: transport, retryPolicy: retryPolicy, extraHeaders: extraHeaders)
    }

    /// Base URL, e.g. `https://api.anthropic.com` (a trailing `/v1` is accepted and not doubled).
    public var baseURL: String { http.baseURL }

    /// Describes the client without revealing the key.
    public var description: String { http.describe("AnthropicMessagesClient") }

    /// The endpoint URL.
    public var endpoint: String {
        let base = http.trimmedBase
        return base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages"
    }

    private func headers(stream: Bool) -> [String: String] {
        var headers = ["content-type": "application/json", "anthropic-version": Self.apiVersion]
        if stream { headers["accept"] = "text/event-stream" }
        if let apiKey = http.apiKey, !apiKey.isEmpty { headers["x-api-key"] = apiKey }
        return headers
    }

    // MARK: Encoding

    /// The JSON body for a request, as UTF-8 bytes. Malformed assistant tool-call arguments are sent as `{}`.
    public func requestBody(for request: ModelRequest, stream: Bool) throws -> [UInt8] {
        try encode(request, stream: stream).bytes
    }

    /// The JSON body with the fragments in it every request of the same agent repeats.
    func encode(_ request: ModelRequest, stream: Bool) throws -> EncodedRequest {
        var fragments: [RequestFragment] = []
        let prefix = try http.prefix(for: request, system: { system in
            var w = JSONWriter()
            w.string(system)
            return w.bytes
        }, tools: { tools in
            var w = JSONWriter(capacity: 4096)
            w.value(.array(try tools.map { tool in
                ["name": .string(tool.name), "description": .string(tool.description), "input_schema": try ModelHTTPClient.schema(of: tool)]
            }))
            return w.bytes
        })
        var systemParts: [String] = []
        var turns: [(role: String, blocks: [JSONValue])] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks.append(contentsOf: blocks)
            } else {
                turns.append((role, blocks))
            }
        }
        func textBlock(_ text: String) -> [JSONValue] {
            text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
        }
        for message in request.messages {
            switch message {
            case let .system(text):
                if !text.isEmpty { systemParts.append(text) }
            case let .user(text):
                append("user", textBlock(text))
            case let .assistant(text, toolCalls):
                var blocks = textBlock(text)
                for call in toolCalls {
                    var input: JSONValue = .object([:])
                    if let parsed = try? JSONParser().parse(call.argumentsJSON), parsed.objectValue != nil { input = parsed }
                    blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
                }
                append("assistant", blocks)
            case let .toolResult(toolCallID, content, isError):
                append("user", [["type": "tool_result", "tool_use_id": .string(toolCallID), "content": .string(content), "is_error": .bool(isError)]])
            }
        }
        var w = JSONWriter(capacity: prefix.systemJSON.count + prefix.toolsJSON.count + 512 + request.messages.count * 256)
        w.literal(#"{"model":"#)
        w.string(request.model)
        w.key("max_tokens")
        w.int(request.maxTokens)
        if !systemParts.isEmpty {
            w.key("system")
            w.string(([request.system ?? ""] + systemParts).filter { !$0.isEmpty }.joined(separator: "\n\n"))
        } else if !prefix.systemJSON.isEmpty {
            w.key("system")
            prefix.writeSystem(&w, &fragments)
        }
        w.key("messages")
        w.value(.array(turns.map { ["role": .string($0.role), "content": .array($0.blocks)] }))
        if !prefix.toolsJSON.isEmpty {
            w.key("tools")
            prefix.writeTools(&w, &fragments)
        }
        if let temperature = request.temperature {
            w.key("temperature")
            if temperature.isFinite { w.raw(String(temperature)) } else { w.literal("null") }
        }
        if stream { w.literal(#","stream":true"#) }
        w.byte(UInt8(ascii: "}"))
        return EncodedRequest(bytes: w.bytes, fragments: fragments)
    }

    // MARK: Non-streaming

    /// Sends the request and parses the `content` blocks.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        try await http.complete(url: endpoint, headers: headers(stream: false), body: try encode(request, stream: false),
                                timeout: request.timeoutSeconds, what: "message") { root, failures in
            guard let blocks = root["content"]?.arrayValue else { throw failures.malformed("missing content array") }
            var reply = ModelReply(stopReason: root["stop_reason"]?.stringValue ?? "")
            for block in blocks {
                switch block["type"]?.stringValue {
                case "text":
                    reply.text += block["text"]?.stringValue ?? ""
                case "tool_use":
                    guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                        throw failures.malformed("tool_use block without id / name")
                    }
                    reply.toolCalls.append(ModelToolCall(id: id, name: name, argumentsJSON: (block["input"] ?? .object([:])).serialized()))
                default:
                    continue
                }
            }
            reply.usage = ModelUsage(inputTokens: root["usage"]?["input_tokens"]?.intValue ?? 0,
                                     outputTokens: root["usage"]?["output_tokens"]?.intValue ?? 0)
            return reply
        }
    }

    // MARK: Streaming

    /// Streams the message: text deltas, tool calls at `content_block_stop`, then `.done`.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, Error> {
        http.stream(url: endpoint, headers: headers(stream: true), timeout: request.timeoutSeconds, what: "message",
                    decoder: StreamDecoder()) { [self] in try encode(request, stream: true) }
    }

    /// Messages events: content blocks started, extended and stopped, then `message_stop`.
    private struct StreamDecoder: ModelStreamDecoder {
        struct Block {
            var isToolUse: Bool
            var id = ""
            var name = ""
            var json = ""
            var initialInput = "{}"
        }

        var reply = ModelReply()
        var blocks: [Int: Block] = [:]

        mutating func handle(_ event: SSEEvent, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> Bool {
            guard let data = try? JSONParser().parse(event.data) else { throw failures.malformed("event data is not JSON") }
            let type = data["type"]?.stringValue ?? event.event ?? ""
            switch type {
            case "message_start":
                let u = data["message"]?["usage"]
                reply.usage.inputTokens = u?["input_tokens"]?.intValue ?? reply.usage.inputTokens
                reply.usage.outputTokens = u?["output_tokens"]?.intValue ?? reply.usage.outputTokens
            case "content_block_start":
                guard let index = data["index"]?.intValue, let block = data["content_block"] else {
                    throw failures.malformed("content_block_start without index / content_block")
                }
                if block["type"]?.stringValue == "tool_use" {
                    var b = Block(isToolUse: true)
                    b.id = block["id"]?.stringValue ?? ""
                    b.name = block["name"]?.stringValue ?? ""
                    if let input = block["input"], let members = input.objectValue, !members.isEmpty {
                        b.initialInput = input.serialized()
                    }
                    blocks[index] = b
                } else {
                    blocks[index] = Block(isToolUse: false)
                    if let initial = block["text"]?.stringValue, !initial.isEmpty {
                        reply.text += initial
                        emit(.textDelta(initial))
                    }
                }
            case "content_block_delta":
                guard let index = data["index"]?.intValue, let delta = data["delta"] else {
                    throw failures.malformed("content_block_delta without index / delta")
                }
                switch delta["type"]?.stringValue {
                case "text_delta":
                    let piece = delta["text"]?.stringValue ?? ""
                    if !piece.isEmpty {
                        reply.text += piece
                        emit(.textDelta(piece))
                    }
                case "input_json_delta":
                    blocks[index, default: Block(isToolUse: true)].json += delta["partial_json"]?.stringValue ?? ""
                default:
                    break
                }
            case "content_block_stop":
                guard let index = data["index"]?.intValue else { throw failures.malformed("content_block_stop without index") }
                if let block = blocks.removeValue(forKey: index), block.isToolUse {
                    let call = ModelToolCall(id: block.id, name: block.name, argumentsJSON: block.json.isEmpty ? block.initialInput : block.json)
                    reply.toolCalls.append(call)
                    emit(.toolCall(call))
                }
            case "message_delta":
                if let reason = data["delta"]?["stop_reason"]?.stringValue { reply.stopReason = reason }
                if let u = data["usage"] {
                    reply.usage.outputTokens = u["output_tokens"]?.intValue ?? reply.usage.outputTokens
                    reply.usage.inputTokens = u["input_tokens"]?.intValue ?? reply.usage.inputTokens
                }
            case "message_stop":
                return true
            case "error":
                let e = data["error"]
                let kind = e?["type"]?.stringValue ?? "error"
                throw failures.streamError("stream error \(kind): \(e?["message"]?.stringValue ?? "")")
            default:
                break  // ping and future event types
            }
            return false
        }

        mutating func finish(ended: Bool, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> ModelReply {
            guard ended else { throw failures.malformed("stream ended without message_stop") }
            return reply
        }
    }
}
