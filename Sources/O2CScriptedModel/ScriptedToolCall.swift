/// A tool call the scripted model will emit.
public struct ScriptedToolCall: Sendable, Equatable {
    /// Tool name.
    public var name: String
    /// Raw arguments text; may be deliberately malformed JSON.
    public var argumentsJSON: String
    /// Optional fixed call id; by default `call_<turn>_<i>` (OpenAI) or `toolu_<turn>_<i>` (Anthropic).
    public var id: String?

    /// Creates a scripted tool call.
    public init(name: String, argumentsJSON: String, id: String? = nil) {
        self.name = name
        self.argumentsJSON = argumentsJSON
        self.id = id
    }
}
