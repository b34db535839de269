import O2CCore
import O2CLLM

/// Wire format a request was addressed to.
enum ScriptedWireFormat: Sendable {
    case openAI
    case anthropic
}

/// What the connection handler should write back.
enum ScriptedReply: Sendable {
    /// A complete response with a Content-Length body.
    case full(status: Int, headers: [(String, String)], body: [UInt8])
    /// A 200 `text/event-stream` response, one chunk per event text.
    case sse([String])
    /// Say nothing for this long, then close the connection.
    case hang(Double)
    /// The first half of a `full` or `sse` reply, then the connection closes.
    indirect case truncated(ScriptedReply)
}

/// Builds scripted replies in the OpenAI Chat Completions and Anthropic Messages wire formats.
enum ScriptedResponder {
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 529: return "Overloaded"
        default: return "Status"
        }
    }

    static func error(format: ScriptedWireFormat, status: Int, message: String, retryAfter: Int? = nil) -> ScriptedReply {
        let type: String
        switch status {
        case 429: type = "rate_limit_error"
        case 500...599: type = "api_error"
        default: type = "invalid_request_error"
        }
        let body: JSONValue
        switch format {
        case .openAI:
            body = obj([("error", obj([("message", .string(message)), ("type", .string(type)), ("code", .null)]))])
        case .anthropic:
            body = obj([("type", .string("error")), ("error", obj([("type", .string(type)), ("message", .string(message))]))])
        }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
        return .full(status: status, headers: headers, body: body.serializedBytes())
    }

    static func malformed(format: ScriptedWireFormat, stream: Bool) -> ScriptedReply {
        if stream {
            switch format {
            case .openAI:
                return .sse(["data: {\"id\":\"chatcmpl-x\",\"choices\":[{\"delta\":{\"content\":\"oops\"\n\n", "data: [DONE]\n\n"])
            case .anthropic:
                return .sse(["event: message_start\ndata: {\"type\":\"message_start\",\"message\":\n\n"])
            }
        }
        let text = format == .openAI ? "{\"id\":\"chatcmpl-x\",\"choices\":[{\"message\":{\"content\":\"oops" : "{\"type\":\"message\",\"content\":[{\"type\""
        return .full(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    private static func obj(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members)) }

    private static func chunks(_ text: String, size: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        var out: [String] = []
        var current = ""
        var count = 0
        for ch in text {
            current.append(ch)
            count += 1
            if count == size {
                out.append(current)
                current = ""
                count = 0
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func usage(for turn: ScriptedTurn, requestBytes: Int) -> ModelUsage {
        if let usage = turn.usage { return usage }
        var outputChars = 0
        switch turn.reply {
        case let .text(t): outputChars = t.count
        case let .toolCalls(calls, text): outputChars = text.count + calls.reduce(0) { $0 + $1.name.count + $1.argumentsJSON.count }
        }
        return ModelUsage(inputTokens: max(1, requestBytes / 4), outputTokens: max(1, outputChars / 4))
    }

    static func success(
        format: ScriptedWireFormat, turn: ScriptedTurn, turnIndex: Int, sequence: Int, model: String,
        stream: Bool, includeUsage: Bool, requestBytes: Int
    ) -> ScriptedReply {
        let usage = usage(for: turn, requestBytes: requestBytes)
        let text: String
        let calls: [ScriptedToolCall]
        switch turn.reply {
        case let .text(t):
            text = t
            calls = []
        case let .toolCalls(c, t):
            text = t
            calls = c
        }
        switch format {
        case .openAI:
            let ids = calls.enumerated().map { $0.element.id ?? "call_\(turnIndex)_\($0.offset)" }
            return stream
                ? openAIStream(text: text, calls: calls, ids: ids, usage: usage, sequence: sequence, model: model, includeUsage: includeUsage)
                : openAIFull(text: text, calls: calls, ids: ids, usage: usage, sequence: sequence, model: model)
        case .anthropic:
            let ids = calls.enumerated().map { $0.element.id ?? "toolu_\(turnIndex)_\($0.offset)" }
            return stream
                ? anthropicStream(text: text, calls: calls, ids: ids, usage: usage, sequence: sequence, model: model)
                : anthropicFull(text: text, calls: calls, ids: ids, usage: usage, sequence: sequence, model: model)
        }
    }

    // MARK: OpenAI

    private static func openAIFull(text: String, calls: [ScriptedToolCall], ids: [String], usage: ModelUsage, sequence: Int, model: String) -> ScriptedReply {
        var message: [(String, JSONValue)] = [("role", .string("assistant")), ("content", text.isEmpty && !calls.isEmpty ? .null : .string(text))]
        if !calls.isEmpty {
            message.append(("tool_calls", .array(calls.enumerated().map { i, call in
                obj([
                    ("id", .string(ids[i])), ("type", .string("function")),
                    ("function", obj([("name", .string(call.name)), ("arguments", .string(call.argumentsJSON))])),
                ])
            })))
        }
        let body = obj([
            ("id", .string("chatcmpl-\(sequence)")), ("object", .string("chat.completion")), ("created", .int(1_700_000_000)),
            ("model", .string(model)),
            ("choices", .array([obj([
                ("index", .int(0)), ("message", obj(message)),
                ("finish_reason", .string(calls.isEmpty ? "stop" : "tool_calls")),
            ])])),
            ("usage", openAIUsage(usage)),
        ])
        return .full(status: 200, headers: [("Content-Type", "application/json")], body: body.serializedBytes())
    }

    private static func openAIUsage(_ usage: ModelUsage) -> JSONValue {
        obj([
            ("prompt_tokens", .int(usage.inputTokens)), ("completion_tokens", .int(usage.outputTokens)),
            ("total_tokens", .int(usage.inputTokens + usage.outputTokens)),
        ])
    }

    private static func openAIStream(
        text: String, calls: [ScriptedToolCall], ids: [String], usage: ModelUsage, sequence: Int, model: String, includeUsage: Bool
    ) -> ScriptedReply {
        func chunk(_ delta: JSONValue, finish: String?) -> String {
            let json = obj([
                ("id", .string("chatcmpl-\(sequence)")), ("object", .string("chat.completion.chunk")),
                ("created", .int(1_700_000_000)), ("model", .string(model)),
                ("choices", .array([obj([
                    ("index", .int(0)), ("delta", delta), ("finish_reason", finish.map(JSONValue.string) ?? .null),
                ])])),
            ])
            return "data: \(json.serialized())\n\n"
        }
        var events: [String] = [chunk(obj([("role", .string("assistant")), ("content", .string(""))]), finish: nil)]
        for piece in chunks(text, size: 8) {
            events.append(chunk(obj([("content", .string(piece))]), finish: nil))
        }
        for (i, call) in calls.enumerated() {
            events.append(chunk(obj([("tool_calls", .array([obj([
                ("index", .int(i)), ("id", .string(ids[i])), ("type", .string("function")),
                ("function", obj([("name", .string(call.name)), ("arguments", .string(""))])),
            ])]))]), finish: nil))
            for fragment in chunks(call.argumentsJSON, size: 7) {
                events.append(chunk(obj([("tool_calls", .array([obj([
                    ("index", .int(i)), ("function", obj([("arguments", .string(fragment))])),
                ])]))]), finish: nil))
            }
        }
        events.append(chunk(obj([]), finish: calls.isEmpty ? "stop" : "tool_calls"))
        if includeUsage {
            let json = obj([
                ("id", .string("chatcmpl-\(sequence)")), ("object", .string("chat.completion.chunk")),
                ("created", .int(1_700_000_000)), ("model", .string(model)),
                ("choices", .array([])), ("usage", openAIUsage(usage)),
            ])
            events.append("data: \(json.serialized())\n\n")
        }
        events.append("data: [DONE]\n\n")
        return .sse(events)
    }

    // MARK: Anthropic

    private static func anthropicInput(_ raw: String) -> JSONValue {
        if let parsed = try? JSONParser().parse(raw), parsed.objectValue != nil { return parsed }
        return .string(raw)  // the real API never does this; malformed arguments are best tested with streaming
    }

    private static func anthropicFull(text: String, calls: [ScriptedToolCall], ids: [String], usage: ModelUsage, sequence: Int, model: String) -> ScriptedReply {
        var content: [JSONValue] = []
        if !text.isEmpty { content.append(obj([("type", .string("text")), ("text", .string(text))])) }
        for (i, call) in calls.enumerated() {
            content.append(obj([
                ("type", .string("tool_use")), ("id", .string(ids[i])), ("name", .string(call.name)), ("input", anthropicInput(call.argumentsJSON)),
            ]))
        }
        let body = obj([
            ("id", .string("msg_\(sequence)")), ("type", .string("message")), ("role", .string("assistant")),
            ("model", .string(model)), ("content", .array(content)),
            ("stop_reason", .string(calls.isEmpty ? "end_turn" : "tool_use")), ("stop_sequence", .null),
            ("usage", obj([("input_tokens", .int(usage.inputTokens)), ("output_tokens", .int(usage.outputTokens))])),
        ])
        return .full(status: 200, headers: [("Content-Type", "application/json")], body: body.serializedBytes())
    }

    private static func anthropicStream(text: String, calls: [ScriptedToolCall], ids: [String], usage: ModelUsage, sequence: Int, model: String) -> ScriptedReply {
        func event(_ name: String, _ data: JSONValue) -> String {
            "event: \(name)\ndata: \(data.serialized())\n\n"
        }
        var events: [String] = []
        events.append(event("message_start", obj([
            ("type", .string("message_start")),
            ("message", obj([
                ("id", .string("msg_\(sequence)")), ("type", .string("message")), ("role", .string("assistant")),
                ("model", .string(model)), ("content", .array([])), ("stop_reason", .null), ("stop_sequence", .null),
                ("usage", obj([("input_tokens", .int(usage.inputTokens)), ("output_tokens", .int(1))])),
            ])),
        ])))
        events.append(event("ping", obj([("type", .string("ping"))])))
        var index = 0
        if !text.isEmpty {
            events.append(event("content_block_start", obj([
                ("type", .string("content_block_start")), ("index", .int(index)),
                ("content_block", obj([("type", .string("text")), ("text", .string(""))])),
            ])))
            for piece in chunks(text, size: 8) {
                events.append(event("content_block_delta", obj([
                    ("type", .string("content_block_delta")), ("index", .int(index)),
                    ("delta", obj([("type", .string("text_delta")), ("text", .string(piece))])),
                ])))
            }
            events.append(event("content_block_stop", obj([("type", .string("content_block_stop")), ("index", .int(index))])))
            index += 1
        }
        for (i, call) in calls.enumerated() {
            events.append(event("content_block_start", obj([
                ("type", .string("content_block_start")), ("index", .int(index)),
                ("content_block", obj([
                    ("type", .string("tool_use")), ("id", .string(ids[i])), ("name", .string(call.name)), ("input", obj([])),
                ])),
            ])))
            for fragment in chunks(call.argumentsJSON, size: 7) {
                events.append(event("content_block_delta", obj([
                    ("type", .string("content_block_delta")), ("index", .int(index)),
                    ("delta", obj([("type", .string("input_json_delta")), ("partial_json", .string(fragment))])),
                ])))
            }
            events.append(event("content_block_stop", obj([("type", .string("content_block_stop")), ("index", .int(index))])))
            index += 1
        }
        events.append(event("message_delta", obj([
            ("type", .string("message_delta")),
            ("delta", obj([("stop_reason", .string(calls.isEmpty ? "end_turn" : "tool_use")), ("stop_sequence", .null)])),
            ("usage", obj([("output_tokens", .int(usage.outputTokens))])),
        ])))
        events.append(event("message_stop", obj([("type", .string("message_stop"))])))
        return .sse(events)
    }
}
