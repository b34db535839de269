/// Incremental events produced by `ModelClient.stream(_:)`.
public enum ModelStreamEvent: Sendable, Equatable {
    /// A fragment of assistant text.
    case textDelta(String)
    /// A tool call whose arguments have been fully received.
    case toolCall(ModelToolCall)
    /// The final, assembled response; always the last event of a successful stream.
    case done(ModelResponse)
}
