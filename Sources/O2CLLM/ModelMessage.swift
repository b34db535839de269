/// One message of a model conversation, provider-neutral.
public enum ModelMessage: Sendable, Equatable, Hashable {
    /// A system instruction (OpenAI sends it as a `system` message; Anthropic folds it into `system`).
    case system(String)
    /// A user message.
    case user(String)
    /// An assistant turn: text (possibly empty) and the tool calls it requested.
    case assistant(text: String, toolCalls: [ModelToolCall])
    /// The result of executing a tool call.
    case toolResult(toolCallID: String, content: String, isError: Bool)

    /// An assistant message with text only.
    public static func assistant(_ text: String) -> ModelMessage {
        .assistant(text: text, toolCalls: [])
    }

    /// A successful tool result.
    public static func toolResult(toolCallID: String, content: String) -> ModelMessage {
        .toolResult(toolCallID: toolCallID, content: content, isError: false)
    }
}
