/// The tokens of a `RunTrace`.
public struct RunUsage: Codable, Sendable, Equatable {
    /// Tokens sent to the model.
    public var inputTokens: Int
    /// Tokens the model produced.
    public var outputTokens: Int

    /// Token counts.
    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    enum CodingKeys: String, CodingKey { case inputTokens = "input_tokens", outputTokens = "output_tokens" }
}
