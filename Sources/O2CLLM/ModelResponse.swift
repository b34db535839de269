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
    /// The JSON body that was sent (never contains credentials; keys travel in headers only).
    public var requestBody: String
    /// The raw response body (for streaming, the raw SSE text).
    public var responseBody: String
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
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
        self.stopReason = stopReason
        self.requestBody = requestBody
        self.responseBody = responseBody
        self.attempts = attempts
    }
}
