/// One value taken out of a text or JSON document before it went to a model. It never holds the
/// value itself, so it may be kept in traces and logs.
public struct Redaction: Sendable, Hashable, CustomStringConvertible {
    /// Why it was redacted.
    public enum Reason: String, Sendable, Hashable {
        /// A JSON member whose name `pii.yaml` lists.
        case field
        /// Text matching a pattern of `pii.yaml`.
        case pattern
    }

    /// The label in the placeholder: the field name or the pattern's label.
    public let label: String
    /// Why.
    public let reason: Reason
    /// Where: a JSON path such as `$.customer.contacts[0].email`, or `text` for plain text.
    public let location: String

    /// A redaction.
    public init(label: String, reason: Reason, location: String) {
        self.label = label
        self.reason = reason
        self.location = location
    }

    /// The text put in place of the value, `[redacted:email]`.
    public var placeholder: String { Redaction.placeholder(label) }

    /// The placeholder for a label.
    public static func placeholder(_ label: String) -> String { "[redacted:\(label)]" }

    /// `email at $.customer.email`.
    public var description: String { "\(label) at \(location)" }
}
