import O2CCore

/// The plumbing the OpenAI and Anthropic clients share: endpoint, key, transport, retries, the
/// cache of encoded request prefixes, sending a request and reading an event stream. Each client
/// keeps only what differs: the shapes of its requests and responses.
struct ModelHTTPClient: Sendable {
    /// Base URL as given.
    let baseURL: String
    /// Secret; sent in a header only, never in bodies, messages or descriptions.
    let apiKey: String?
    let transport: any HTTPTransport
    let retryPolicy: RetryPolicy
    let extraHeaders: [String: String]
    /// Encoded system prompts and tool lists, newest last (shared by copies of the client).
    private let prefixes = Locked<[EncodedPrefix]>([])
    private static let prefixesMax = 16

    init(baseURL: String, apiKey: String?, transport: any HTTPTransport, retryPolicy: RetryPolicy, extraHeaders: [String: String]) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.extraHeaders = extraHeaders
    }

    var executor: ModelHTTPExecutor { ModelHTTPExecutor(transport: transport, policy: retryPolicy, secret: apiKey) }

    /// `Name(baseURL: …, apiKey: none|[redacted])`.
    func describe(_ name: String) -> String {
        "\(name)(baseURL: \(baseURL), apiKey: \(apiKey == nil ? "none" : "[redacted]"))"
    }

    /// The base URL without trailing slashes.
    var trimmedBase: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The request's system prompt and tools as JSON, encoded once per distinct pair: an agent
    /// sends the same ones with every request, so they are looked up (identical strings and
    /// arrays compare in constant time), not escaped again.
    func prefix(for request: ModelRequest, system: (String) -> [UInt8], tools: ([ModelToolSpec]) throws -> [UInt8]) throws -> EncodedPrefix {
        let found = prefixes.withLock { cache in cache.last { $0.system == request.system && $0.tools == request.tools } }
        if let found { return found }
        let made = EncodedPrefix(system: request.system, tools: request.tools,
                                 systemJSON: request.system.map { $0.isEmpty ? [] : system($0) } ?? [],
                                 toolsJSON: request.tools.isEmpty ? [] : try tools(request.tools))
        prefixes.withLock { cache in
            if cache.count >= Self.prefixesMax { cache.removeFirst() }
            cache.append(made)
        }
        return made
    }

    /// The schema of a tool as a JSON object, or the invalid-request error naming the tool.
    static func schema(of tool: ModelToolSpec) throws -> JSONValue {
        guard let schema = try? JSONParser().parse(tool.parametersJSONSchema), schema.objectValue != nil else {
            throw ModelError(code: .invalidRequest, message: "tool \(tool.name): parametersJSONSchema is not a JSON object", attempts: 0)
        }
        return schema
    }

    private func spec(_ url: String, _ headers: [String: String], _ body: [UInt8], _ timeout: Double) -> HTTPRequestSpec {
        HTTPRequestSpec(method: "POST", url: url, headers: extraHeaders.merging(headers) { _, new in new }, body: body, timeoutSeconds: timeout)
    }

    /// Sends one request (with retries) and builds the response from the parsed body.
    func complete(url: String, headers: [String: String], body encoded: EncodedRequest, timeout: Double, what: String,
                  decode: (JSONValue, ResponseFailures) throws -> ModelReply) async throws -> ModelResponse {
        let exec = executor
        let body = encoded.bytes
        let (response, attempts) = try await exec.send(spec(url, headers, body, timeout))
        let failures = ResponseFailures(executor: exec, status: response.status, attempts: attempts, what: what)
        guard let root = try? JSONParser().parse(bytes: response.body) else { throw failures.malformed("body is not JSON") }
        let reply = try decode(root, failures)
        var answer = ModelResponse(text: reply.text, toolCalls: reply.toolCalls, usage: reply.usage, stopReason: reply.stopReason,
                                   requestBytes: body, responseBytes: response.body, attempts: attempts)
        answer.responseIsJSON = true
        answer.requestFragments = encoded.fragments
        return answer
    }

    /// Streams one request: events as `decoder` reads them, then `.done` with the whole response.
    func stream<Decoder: ModelStreamDecoder>(url: String, headers: [String: String], timeout: Double, what: String, decoder: Decoder,
                                             body: @escaping @Sendable () throws -> EncodedRequest) -> AsyncThrowingStream<ModelStreamEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream<ModelStreamEvent, Error>.makeStream()
        let task = Task {
            do {
                try await runStream(url: url, headers: headers, body: try body(), timeout: timeout, what: what + " stream",
                                    decoder: decoder, continuation)
            } catch {
                continuation.finish(throwing: executor.map(error, attempts: 0))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func runStream<Decoder: ModelStreamDecoder>(url: String, headers: [String: String], body encoded: EncodedRequest, timeout: Double,
                                                        what: String, decoder: Decoder,
                                                        _ out: AsyncThrowingStream<ModelStreamEvent, Error>.Continuation) async throws {
        let exec = executor
        let body = encoded.bytes
        let (response, attempts) = try await exec.openStream(spec(url, headers, body, timeout))
        let failures = ResponseFailures(executor: exec, status: response.status, attempts: attempts, what: what)
        var decoder = decoder
        var parser = SSEParser()
        var raw: [UInt8] = []
        var ended = false
        let emit: (ModelStreamEvent) -> Void = { out.yield($0) }
        do {
            streamLoop: for try await chunk in response.body {
                raw.append(contentsOf: chunk)
                for event in parser.feed(chunk) {
                    ended = try decoder.handle(event, emit: emit, failures: failures)
                    if ended { break streamLoop }
                }
            }
            if !ended {
                for event in parser.finish() where !ended { ended = try decoder.handle(event, emit: emit, failures: failures) }
            }
        } catch let error as ModelError {
            throw error
        } catch {
            throw exec.map(error, attempts: attempts)
        }
        let reply = try decoder.finish(ended: ended, emit: emit, failures: failures)
        var answer = ModelResponse(text: reply.text, toolCalls: reply.toolCalls, usage: reply.usage, stopReason: reply.stopReason,
                                   requestBytes: body, responseBytes: raw, attempts: attempts)
        answer.requestFragments = encoded.fragments
        out.yield(.done(answer))
        out.finish()
    }
}

/// A system prompt and tool list and their JSON in one provider's shape, with their digests
/// (computed once, for the trace's fragments).
final class EncodedPrefix: Sendable {
    let system: String?
    let tools: [ModelToolSpec]
    /// The system prompt's JSON (empty when there is none).
    let systemJSON: [UInt8]
    /// The tools array's JSON (empty when there are none).
    let toolsJSON: [UInt8]
    private let systemDigest: String
    private let toolsDigest: String

    init(system: String?, tools: [ModelToolSpec], systemJSON: [UInt8], toolsJSON: [UInt8]) {
        self.system = system
        self.tools = tools
        self.systemJSON = systemJSON
        self.toolsJSON = toolsJSON
        systemDigest = RequestFragment.digest(of: systemJSON)
        toolsDigest = RequestFragment.digest(of: toolsJSON)
    }

    /// Appends the system prompt's JSON to a request body, noting it as a fragment.
    func writeSystem(_ w: inout JSONWriter, _ fragments: inout [RequestFragment]) {
        if !systemJSON.isEmpty { fragments.append(RequestFragment(offset: w.bytes.count, bytes: systemJSON, digest: systemDigest)) }
        w.raw(systemJSON)
    }

    /// Appends the tools array's JSON to a request body, noting it as a fragment.
    func writeTools(_ w: inout JSONWriter, _ fragments: inout [RequestFragment]) {
        if !toolsJSON.isEmpty { fragments.append(RequestFragment(offset: w.bytes.count, bytes: toolsJSON, digest: toolsDigest)) }
        w.raw(toolsJSON)
    }
}

/// A request body as sent, with the fragments in it that every request of the same agent repeats.
struct EncodedRequest {
    var bytes: [UInt8]
    var fragments: [RequestFragment]
}

/// What a provider's answer amounts to.
struct ModelReply {
    var text = ""
    var toolCalls: [ModelToolCall] = []
    var usage = ModelUsage(inputTokens: 0, outputTokens: 0)
    var stopReason = ""
}

/// Makes the errors for one response (with its status and attempts).
struct ResponseFailures {
    let executor: ModelHTTPExecutor
    let status: Int
    let attempts: Int
    /// `chat completion`, `message stream`, …
    let what: String

    /// The body does not have the provider's shape.
    func malformed(_ why: String) -> ModelError {
        executor.error(.malformedResponse, "malformed \(what): \(why)", status: status, attempts: attempts)
    }

    /// The provider reported an error inside a stream.
    func streamError(_ message: String) -> ModelError {
        executor.error(.httpStatus, message, attempts: attempts)
    }
}

/// Reads one provider's server-sent events into stream events and a final reply.
protocol ModelStreamDecoder: Sendable {
    /// Handles one event; returns true when it ends the stream.
    mutating func handle(_ event: SSEEvent, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> Bool
    /// The whole reply once the events are over (`ended`: whether the end marker came).
    mutating func finish(ended: Bool, emit: (ModelStreamEvent) -> Void, failures: ResponseFailures) throws -> ModelReply
}
