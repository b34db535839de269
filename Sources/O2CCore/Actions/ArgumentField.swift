/// One argument of a ledger action: its name, type, and whether it is required.
/// The action catalogue is written with these; the JSON Schema and the argument checks both
/// come from them, so they can never disagree.
public struct ArgumentField: Sendable {
    /// The type of an argument.
    public indirect enum FieldType: Sendable {
        /// A document id with this prefix (`C-`, `SO-`, `INV-`, `PAY-`).
        case id(prefix: String)
        /// Free text up to `maxLength` characters.
        case text(maxLength: Int)
        /// A decimal amount as a string, `"1234.50"`, greater than zero unless `allowZero`.
        case amount(allowZero: Bool)
        /// A whole number in the range.
        case integer(ClosedRange<Int64>)
        /// A percentage as a decimal (number or string), 0 to 100.
        case percent
        /// An ISO 8601 date.
        case date
        /// An ISO 4217 currency code.
        case currency
        /// A list of objects with these fields.
        case objects([ArgumentField], minItems: Int, maxItems: Int)
        /// A list of document ids with this prefix.
        case ids(prefix: String, minItems: Int, maxItems: Int)
    }

    /// The argument's name, exactly as in SPEC §5.
    public let name: String
    /// Its type.
    public let type: FieldType
    /// Whether it must be present.
    public let required: Bool
    /// What it means, for people and models.
    public let summary: String

    /// A field.
    public init(_ name: String, _ type: FieldType, required: Bool = true, _ summary: String) {
        self.name = name
        self.type = type
        self.required = required
        self.summary = summary
    }
}
