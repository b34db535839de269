/// Client for the Anthropic Messages API (`POST {base}/v1/messages`).
public struct AnthropicMessagesClient: ModelClient, CustomStringConvertible {
    /// Base URL, e.g. `https://api.anthropic.com` (a trailing `/v1` is accepted and not doubled).
    public let baseURL: String
    private let apiKey: String?
    private let transport: any HTTPTransport
    private let retryPolicy: RetryPolicy
    private let extraHeaders: [String: String]

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
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.extraHeaders = extraHeaders
    }

    /// Describes the client without revealing the key.
    public var description: String {
        "AnthropicMessagesClient(baseURL: \(baseURL), apiKey: \(apiKey == nil ? "none" : "[redacted]"))"
    }

    private var executor: ModelHTTPExecutor {
        ModelHTTPExecutor(transport: transport, policy: retryPolicy, secret: apiKey)
    }

    /// The endpoint URL.
    public var endpoint: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1") ? base + "/messages" : base + "/v1/messages"
    }

    // MARK: Encoding

    /// Builds the JSON body for a request. Malformed assistant tool-call arguments are sent as `{}`.
    public func requestBody(for request: ModelRequest, stream: Bool) throws -> ModelJSON {
        var systemParts: [String] = []
        if let system = request.system, !system.isEmpty { systemParts.append(system) }
        var turns: [(role: String, blocks: [ModelJSON])] = []
        func append(_ role: String, _ blocks: [ModelJSON]) {
            guard !blocks.isEmpty else { return }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks.append(contentsOf: blocks)
            } else {
                turns.append((role, blocks))
            }
        }
        func textBlock(_ text: String) -> [ModelJSON] {
            text.isEmpty ? [] : [.object([("type", .string("text")), ("text", .string(text))])]
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
                    var input = ModelJSON.object([])
                    if let parsed = ModelJSON.parse(call.argumentsJSON), parsed.objectValue != nil { input = parsed }
                    blocks.append(.object([
                        ("type", .string("tool_use")), ("id", .string(call.id)), ("name", .string(call.name)), ("input", input),
                    ]))
                }
                append("assistant", blocks)
            case let .toolResult(toolCallID, content, isError):
                append("user", [.object([
                    ("type", .string("tool_result")), ("tool_use_id", .string(toolCallID)),
                    ("content", .string(content)), ("is_error", .bool(isError)),
                ])])
            }
        }
        var body: [(String, ModelJSON)] = [("model", .string(request.model)), ("max_tokens", .int(request.maxTokens))]
        if !systemParts.isEmpty { body.append(("system", .string(systemParts.joined(separator: "\n\n")))) }
        body.append(("messages", .array(turns.map { .object([("role", .string($0.role)), ("content", .array($0.blocks))]) })))
        if !request.tools.isEmpty {
            var tools: [ModelJSON] = []
            for tool in request.tools {
                guard let schema = ModelJSON.parse(tool.parametersJSONSchema), schema.objectValue != nil else {
                    throw ModelError(code: .invalidRequest, message: "tool \(tool.name): parametersJSONSchema is not a JSON object", attempts: 0)
                }
                tools.append(.object([
                    ("name", .string(tool.name)), ("description", .string(tool.description)), ("input_schema", schema),
                ]))
            }
            body.append(("tools", .array(tools)))
        }
        if let temperature = request.temperature { body.append(("temperature", .double(temperature))) }
        if stream { body.append(("stream", .bool(true))) }
        return .object(body)
    }

    private func httpRequest(body: [UInt8], timeout: Double, stream: Bool) -> HTTPRequestSpec {
        var headers = extraHeaders
        headers["content-type"] = "application/json"
        headers["anthropic-version"] = Self.apiVersion
        if stream { headers["accept"] = "text/event-stream" }
        if let apiKey, !apiKey.isEmpty { headers["x-api-key"] = apiKey }
        return HTTPRequestSpec(method: "POST", url: endpoint, headers: headers, body: body, timeoutSeconds: timeout)
    }

    // MARK: Non-streaming

    /// Sends the request and parses the `content` blocks.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let body = try requestBody(for: request, stream: false)
        let bodyBytes = body.serializedBytes()
        let exec = executor
        let (response, attempts) = try await exec.send(httpRequest(body: bodyBytes, timeout: request.timeoutSeconds, stream: false))
        func malformed(_ why: String) -> ModelError {
            exec.error(.malformedResponse, "malformed message: \(why)", status: response.status, attempts: attempts)
        }
        guard let root = ModelJSON.parse(bytes: response.body) else { throw malformed("body is not JSON") }
        guard let blocks = root["content"]?.arrayValue else { throw malformed("missing content array") }
        var text = ""
        var calls: [ModelToolCall] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text":
                text += block["text"]?.stringValue ?? ""
            case "tool_use":
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw malformed("tool_use block without id / name")
                }
                calls.append(ModelToolCall(id: id, name: name, argumentsJSON: (block["input"] ?? .object([])).serialized()))
            default:
                continue
            }
        }
        let usage = ModelUsage(
            inputTokens: root["usage"]?["input_tokens"]?.intValue ?? 0,
            outputTokens: root["usage"]?["output_tokens"]?.intValue ?? 0
        )
        return ModelResponse(
            text: text, toolCalls: calls, usage: usage, stopReason: root["stop_reason"]?.stringValue ?? "",
            requestBody: String(decoding: bodyBytes, as: UTF8.self),
            responseBody: String(decoding: response.body, as: UTF8.self), attempts: attempts
        )
    }

    // MARK: Streaming

    /// Streams the message: text deltas, tool calls at `content_block_stop`, then `.done`.
    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream<ModelStreamEvent, Error>.makeStream()
        let task = Task {
            do {
                try await runStream(request, continuation)
            } catch {
                continuation.finish(throwing: executor.map(error, attempts: 0))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private struct Block {
        var isToolUse: Bool
        var id = ""
        var name = ""
        var json = ""
        var initialInput = "{}"
    }

    private func runStream(_ request: ModelRequest, _ out: AsyncThrowingStream<ModelStreamEvent, Error>.Continuation) async throws {
        let body = try requestBody(for: request, stream: true)
        let bodyBytes = body.serializedBytes()
        let exec = executor
        let (response, attempts) = try await exec.openStream(httpRequest(body: bodyBytes, timeout: request.timeoutSeconds, stream: true))
        func malformed(_ why: String) -> ModelError {
            exec.error(.malformedResponse, "malformed message stream: \(why)", status: response.status, attempts: attempts)
        }
        var parser = SSEParser()
        var raw: [UInt8] = []
        var text = ""
        var blocks: [Int: Block] = [:]
        var calls: [ModelToolCall] = []
        var stopReason = ""
        var inputTokens = 0
        var outputTokens = 0
        var stopped = false

        func handle(_ event: SSEEvent) throws {
            guard let data = ModelJSON.parse(event.data) else { throw malformed("event data is not JSON") }
            let type = data["type"]?.stringValue ?? event.event ?? ""
            switch type {
            case "message_start":
                let u = data["message"]?["usage"]
                inputTokens = u?["input_tokens"]?.intValue ?? inputTokens
                outputTokens = u?["output_tokens"]?.intValue ?? outputTokens
            case "content_block_start":
                guard let index = data["index"]?.intValue, let block = data["content_block"] else {
                    throw malformed("content_block_start without index / content_block")
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
                        text += initial
                        out.yield(.textDelta(initial))
                    }
                }
            case "content_block_delta":
                guard let index = data["index"]?.intValue, let delta = data["delta"] else {
                    throw malformed("content_block_delta without index / delta")
                }
                switch delta["type"]?.stringValue {
                case "text_delta":
                    let piece = delta["text"]?.stringValue ?? ""
                    if !piece.isEmpty {
                        text += piece
                        out.yield(.textDelta(piece))
                    }
                case "input_json_delta":
                    blocks[index, default: Block(isToolUse: true)].json += delta["partial_json"]?.stringValue ?? ""
                default:
                    break
                }
            case "content_block_stop":
                guard let index = data["index"]?.intValue else { throw malformed("content_block_stop without index") }
                if let block = blocks.removeValue(forKey: index), block.isToolUse {
                    let call = ModelToolCall(id: block.id, name: block.name, argumentsJSON: block.json.isEmpty ? block.initialInput : block.json)
                    calls.append(call)
                    out.yield(.toolCall(call))
                }
            case "message_delta":
                if let reason = data["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
                if let u = data["usage"] {
                    outputTokens = u["output_tokens"]?.intValue ?? outputTokens
                    inputTokens = u["input_tokens"]?.intValue ?? inputTokens
                }
            case "message_stop":
                stopped = true
            case "error":
                let e = data["error"]
                let kind = e?["type"]?.stringValue ?? "error"
                throw exec.error(.httpStatus, "stream error \(kind): \(e?["message"]?.stringValue ?? "")", attempts: attempts)
            default:
                break  // ping and future event types
            }
        }

        do {
            streamLoop: for try await chunk in response.body {
                raw.append(contentsOf: chunk)
                for event in parser.feed(chunk) {
                    try handle(event)
                    if stopped { break streamLoop }
                }
            }
            if !stopped {
                for event in parser.finish() { try handle(event) }
            }
        } catch let error as ModelError {
            throw error
        } catch {
            throw exec.map(error, attempts: attempts)
        }
        guard stopped else { throw malformed("stream ended without message_stop") }
        out.yield(.done(ModelResponse(
            text: text, toolCalls: calls, usage: ModelUsage(inputTokens: inputTokens, outputTokens: outputTokens),
            stopReason: stopReason, requestBody: String(decoding: bodyBytes, as: UTF8.self),
            responseBody: String(decoding: raw, as: UTF8.self), attempts: attempts
        )))
        out.finish()
    }
}
