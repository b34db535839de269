/// A tool invocation requested by the model.
public struct ModelToolCall: Sendable, Equatable, Hashable {
    /// Provider-assigned call identifier (echoed back in the matching tool result).
    public var id: String
    /// Name of the tool to invoke.
    public var name: String
    /// Raw JSON arguments text exactly as the model produced it; it may be malformed and is not validated here.
    public var argumentsJSON: String

    /// Creates a tool call.
    public init(id: String, name: String, argumentsJSON: String) {
        self.id = id
        self.name = name
        self.argumentsJSON = argumentsJSON
    }
}
