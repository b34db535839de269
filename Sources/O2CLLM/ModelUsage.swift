/// Token accounting reported by the provider.
public struct ModelUsage: Sendable, Equatable, Hashable {
    /// Prompt / input tokens.
    public var inputTokens: Int
    /// Completion / output tokens.
    public var outputTokens: Int

    /// Creates a usage record.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
