/// Describes a tool the model may call.
public struct ModelToolSpec: Sendable, Equatable, Hashable {
    /// Tool name as the model will see it.
    public var name: String
    /// Human-readable description of what the tool does.
    public var description: String
    /// JSON Schema of the tool's parameters, as raw JSON object text.
    public var parametersJSONSchema: String

    /// Creates a tool specification.
    public init(name: String, description: String, parametersJSONSchema: String) {
        self.name = name
        self.description = description
        self.parametersJSONSchema = parametersJSONSchema
    }
}
