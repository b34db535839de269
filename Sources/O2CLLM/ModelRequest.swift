/// A provider-neutral completion request.
public struct ModelRequest: Sendable, Equatable {
    /// Model identifier passed to the provider.
    public var model: String
    /// Optional system prompt.
    public var system: String?
    /// Conversation so far.
    public var messages: [ModelMessage]
    /// Tools offered to the model.
    public var tools: [ModelToolSpec]
    /// Maximum number of output tokens.
    public var maxTokens: Int
    /// Optional sampling temperature.
    public var temperature: Double?
    /// Per-attempt timeout in seconds; an attempt that exceeds it is abandoned and counted as a fault.
    public var timeoutSeconds: Double

    /// Creates a request.
    public init(
        model: String,
        system: String? = nil,
        messages: [ModelMessage],
        tools: [ModelToolSpec] = [],
        maxTokens: Int = 1024,
        temperature: Double? = nil,
        timeoutSeconds: Double = 60
    ) {
        self.model = model
        self.system = system
        self.messages = messages
        self.tools = tools
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.timeoutSeconds = timeoutSeconds
    }
}
