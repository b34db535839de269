/// A JSON number kept as its decimal text (a percentage such as `12.50`): never a binary float.
public struct DecimalNumber: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The number's text.
    public let text: String

    /// The number `text` (already a valid JSON number, for example from `Money.format`).
    public init(_ text: String) { self.text = text }

    /// The text.
    public var description: String { text }

    /// Writes a JSON number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(JSONValue.number(text))
    }

    /// Reads a JSON number.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard case .number(let n) = try c.decode(JSONValue.self) else {
            throw DecodingError.typeMismatch(DecimalNumber.self, .init(codingPath: c.codingPath, debugDescription: "expected a JSON number"))
        }
        text = n
    }
}
