/// The tokens of a `RunTrace`.
public struct RunUsage: Codable, Sendable, Equatable {
    /// Tokens sent to the model and tokens it produced.
    public var inputTokens: Int, outputTokens: Int

    enum CodingKeys: String, CodingKey { case inputTokens = "input_tokens", outputTokens = "output_tokens" }
}
