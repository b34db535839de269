/// The outcome of a completed model call.
public struct ModelResponse: Sendable, Equatable {
    /// Concatenated assistant text (empty when the model only called tools).
    public var text: String
    /// Tool calls requested by the model, in order.
    public var toolCalls: [ModelToolCall]
    /// Token usage.
    public var usage: ModelUsage
    /// Provider stop reason as reported (`stop`, `tool_calls`, `end_turn`, `tool_use`, ...).
    public var stopReason: String
    /// The JSON body that was sent, as UTF-8 (never contains credentials; keys travel in headers only).
    public var requestBytes: [UInt8]
    /// The raw response body as UTF-8 (for streaming, the raw SSE text).
    public var responseBytes: [UInt8]
    /// The JSON body that was sent (never contains credentials; keys travel in headers only).
    public var requestBody: String {
        get { String(decoding: requestBytes, as: UTF8.self) }
        set { requestBytes = Array(newValue.utf8) }
    }
    /// The raw response body (for streaming, the raw SSE text).
    public var responseBody: String {
        get { String(decoding: responseBytes, as: UTF8.self) }
        set { responseBytes = Array(newValue.utf8) }
    }
    /// The parts of `requestBytes` every request of the same agent repeats (its system prompt and
    /// tool list), in order, so a trace can store them once.
    public var requestFragments: [RequestFragment] = []
    /// Whether `responseBytes` is one valid JSON document (checked by the client that parsed it).
    public var responseIsJSON = false
    /// Number of HTTP attempts it took (1 when no retry was needed).
    public var attempts: Int

    /// Creates a response.
    public init(
        text: String,
        toolCalls: [ModelToolCall],
        usage: ModelUsage,
        stopReason: String,
        requestBody: String,
        responseBody: String,
        attempts: Int
    ) {
        self.init(text: text, toolCalls: toolCalls, usage: usage, stopReason: stopReason, requestBytes: Array(requestBody.utf8),
                  responseBytes: Array(responseBody.utf8), attempts: attempts)
    }

    /// Creates a response from the bodies' bytes as sent and received.
    public init(
        text: String,
        toolCalls: [ModelToolCall],
        usage: ModelUsage,
        stopReason: String,
        requestBytes: [UInt8],
        responseBytes: [UInt8],
        attempts: Int
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
        self.stopReason = stopReason
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.attempts = attempts
    }
}
