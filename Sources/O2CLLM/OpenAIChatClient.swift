/// Client for OpenAI-compatible Chat Completions (`POST {base}/chat/completions`).
public struct OpenAIChatClient: ModelClient, CustomStringConvertible {
    /// Base URL, e.g. `https://api.openai.com/v1`.
    public let baseURL: String
    private let apiKey: String?
    private let transport: any HTTPTransport
    private let retryPolicy: RetryPolicy
    private let extraHeaders: [String: String]
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
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.extraHeaders = extraHeaders
        self.maxTokensField = maxTokensField
    }

    /// Describes the client without revealing the key.
    public var description: String {
        "OpenAIChatClient(baseURL: \(baseURL), apiKey: \(apiKey == nil ? "none" : "[redacted]"))"
    }

    private var executor: ModelHTTPExecutor {
        ModelHTTPExecutor(transport: transport, policy: retryPolicy, secret: apiKey)
    }

    /// The endpoint URL.
    public var endpoint: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/chat/completions"
    }

    // MARK: Encoding

    /// Builds the JSON body for a request.
    public func requestBody(for request: ModelRequest, stream: Bool) throws -> ModelJSON {
        var messages: [ModelJSON] = []
        if let system = request.system, !system.isEmpty {
            messages.append(.object([("role", .string("system")), ("content", .string(system))]))
        }
        for message in request.messages {
            switch message {
            case let .system(text):
                messages.append(.object([("role", .string("system")), ("content", .string(text))]))
            case let .user(text):
                messages.append(.object([("role", .string("user")), ("content", .string(text))]))
            case let .assistant(text, toolCalls):
                var members: [(String, ModelJSON)] = [("role", .string("assistant"))]
                members.append(("content", text.isEmpty && !toolCalls.isEmpty ? .null : .string(text)))
                if !toolCalls.isEmpty {
                    members.append(("tool_calls", .array(toolCalls.map { call in
                        .object([
                            ("id", .string(call.id)),
                            ("type", .string("function")),
                            ("function", .object([("name", .string(call.name)), ("arguments", .string(call.argumentsJSON))])),
                        ])
                    })))
                }
                messages.append(.object(members))
            case let .toolResult(toolCallID, content, _):
                messages.append(.object([
                    ("role", .string("tool")), ("tool_call_id", .string(toolCallID)), ("content", .string(content)),
                ]))
            }
        }
        var body: [(String, ModelJSON)] = [("model", .string(request.model)), ("messages", .array(messages))]
        if !request.tools.isEmpty {
            var tools: [ModelJSON] = []
            for tool in request.tools {
                guard let schema = ModelJSON.parse(tool.parametersJSONSchema), schema.objectValue != nil else {
                    throw ModelError(code: .invalidRequest, message: "tool \(tool.name): parametersJSONSchema is not a JSON object", attempts: 0)
                }
                tools.append(.object([
                    ("type", .string("function")),
                    ("function", .object([
                        ("name", .string(tool.name)), ("description", .string(tool.description)), ("parameters", schema),
                    ])),
                ]))
            }
            body.append(("tools", .array(tools)))
        }
        body.append((maxTokensField, .int(request.maxTokens)))
        if let temperature = request.temperature { body.append(("temperature", .double(temperature))) }
        if stream {
            body.append(("stream", .bool(true)))
            body.append(("stream_options", .object([("include_usage", .bool(true))])))
        }
        return .object(body)
    }

    private func httpRequest(body: [UInt8], timeout: Double, stream: Bool) -> HTTPRequestSpec {
        var headers = extraHeaders
        headers["Content-Type"] = "application/json"
        if stream { headers["Accept"] = "text/event-stream" }
        if let apiKey, !apiKey.isEmpty { headers["Authorization"] = "Bearer \(apiKey)" }
        return HTTPRequestSpec(method: "POST", url: endpoint, headers: headers, body: body, timeoutSeconds: timeout)
    }

    // MARK: Non-streaming

    /// Sends the request and parses `choices[0].message`.
    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let body = try requestBody(for: request, stream: false)
        let bodyBytes = body.serializedBytes()
        let exec = executor
        let (response, attempts) = try await exec.send(httpRequest(body: bodyBytes, timeout: request.timeoutSeconds, stream: false))
        let requestText = String(decoding: bodyBytes, as: UTF8.self)
        let responseText = String(decoding: response.body, as: UTF8.self)
        func malformed(_ why: String) -> ModelError {
            exec.error(.malformedResponse, "malformed chat completion: \(why)", status: response.status, attempts: attempts)
        }
        guard let root = ModelJSON.parse(bytes: response.body) else { throw malformed("body is not JSON") }
        guard let choice = root["choices"]?[0], let message = choice["message"] else {
            throw malformed("missing choices[0].message")
        }
        var text = ""
        if let content = message["content"], !content.isNull {
            guard let s = content.stringValue else { throw malformed("message.content is not a string") }
            text = s
        }
        var calls: [ModelToolCall] = []
        if let toolCalls = message["tool_calls"], !toolCalls.isNull {
            guard let items = toolCalls.arrayValue else { throw malformed("tool_calls is not an array") }
            for item in items {
                guard let id = item["id"]?.stringValue, let function = item["function"],
                      let name = function["name"]?.stringValue else {
                    throw malformed("tool call without id / function.name")
                }
                let arguments: String
                if let raw = function["arguments"]?.stringValue {
                    arguments = raw
                } else if let structured = function["arguments"], !structured.isNull {
                    arguments = structured.serialized()
                } else {
                    arguments = ""
                }
                calls.append(ModelToolCall(id: id, name: name, argumentsJSON: arguments))
            }
        }
        let usage = ModelUsage(
            inputTokens: root["usage"]?["prompt_tokens"]?.intValue ?? 0,
            outputTokens: root["usage"]?["completion_tokens"]?.intValue ?? 0
        )
        return ModelResponse(
            text: text, toolCalls: calls, usage: usage,
            stopReason: choice["finish_reason"]?.stringValue ?? "",
            requestBody: requestText, responseBody: responseText, attempts: attempts
        )
    }

    // MARK: Streaming

    /// Streams the completion: text deltas, tool calls as they complete, then `.done`.
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

    private struct PartialCall {
        var id = ""
        var name = ""
        var arguments = ""
        var emitted = false
    }

    private func runStream(_ request: ModelRequest, _ out: AsyncThrowingStream<ModelStreamEvent, Error>.Continuation) async throws {
        let body = try requestBody(for: request, stream: true)
        let bodyBytes = body.serializedBytes()
        let exec = executor
        let (response, attempts) = try await exec.openStream(httpRequest(body: bodyBytes, timeout: request.timeoutSeconds, stream: true))
        func malformed(_ why: String) -> ModelError {
            exec.error(.malformedResponse, "malformed chat completion stream: \(why)", status: response.status, attempts: attempts)
        }
        var parser = SSEParser()
        var raw: [UInt8] = []
        var text = ""
        var calls: [Int: PartialCall] = [:]
        var finishReason: String?
        var usage = ModelUsage(inputTokens: 0, outputTokens: 0)
        var sawDone = false

        func emitCalls(below limit: Int) {
            for index in calls.keys.sorted() where index < limit {
                guard var call = calls[index], !call.emitted else { continue }
                call.emitted = true
                calls[index] = call
                out.yield(.toolCall(ModelToolCall(id: call.id, name: call.name, argumentsJSON: call.arguments)))
            }
        }

        func handle(_ event: SSEEvent) throws {
            if event.data == "[DONE]" {
                sawDone = true
                return
            }
            guard let chunk = ModelJSON.parse(event.data) else { throw malformed("chunk is not JSON") }
            if let error = chunk["error"], !error.isNull {
                throw exec.error(.httpStatus, "stream error: \(error["message"]?.stringValue ?? error.serialized())", attempts: attempts)
            }
            if let u = chunk["usage"], !u.isNull {
                usage = ModelUsage(inputTokens: u["prompt_tokens"]?.intValue ?? 0, outputTokens: u["completion_tokens"]?.intValue ?? 0)
            }
            guard let choice = chunk["choices"]?[0] else { return }
            if let delta = choice["delta"] {
                if let content = delta["content"]?.stringValue, !content.isEmpty {
                    text += content
                    out.yield(.textDelta(content))
                }
                if let items = delta["tool_calls"]?.arrayValue {
                    for (position, item) in items.enumerated() {
                        let index = item["index"]?.intValue ?? position
                        emitCalls(below: index)
                        var call = calls[index] ?? PartialCall()
                        if let id = item["id"]?.stringValue, !id.isEmpty { call.id = id }
                        if let name = item["function"]?["name"]?.stringValue, !name.isEmpty { call.name += name }
                        if let fragment = item["function"]?["arguments"]?.stringValue { call.arguments += fragment }
                        calls[index] = call
                    }
                }
            }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        }

        do {
            streamLoop: for try await chunk in response.body {
                raw.append(contentsOf: chunk)
                for event in parser.feed(chunk) {
                    try handle(event)
                    if sawDone { break streamLoop }
                }
            }
            if !sawDone {
                for event in parser.finish() { try handle(event) }
            }
        } catch let error as ModelError {
            throw error
        } catch {
            throw exec.map(error, attempts: attempts)
        }
        guard sawDone || finishReason != nil else { throw malformed("stream ended without [DONE]") }
        emitCalls(below: Int.max)
        let finalCalls = calls.keys.sorted().compactMap { calls[$0] }.map {
            ModelToolCall(id: $0.id, name: $0.name, argumentsJSON: $0.arguments)
        }
        out.yield(.done(ModelResponse(
            text: text, toolCalls: finalCalls, usage: usage, stopReason: finishReason ?? "",
            requestBody: String(decoding: bodyBytes, as: UTF8.self),
            responseBody: String(decoding: raw, as: UTF8.self), attempts: attempts
        )))
        out.finish()
    }
}
