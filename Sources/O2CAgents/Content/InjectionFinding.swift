/// One injection pattern found in a text.
public struct InjectionFinding: Sendable, Hashable, CustomStringConvertible {
    /// The pattern's name.
    public let pattern: String
    /// The pattern's severity.
    public let severity: InjectionPattern.Severity
    /// The pattern's message for people.
    public let message: String
    /// At most 80 characters around the first match, on one line (from the normalised text).
    public let excerpt: String
    /// How many times the pattern matched.
    public let occurrences: Int

    /// A finding.
    public init(pattern: String, severity: InjectionPattern.Severity, message: String, excerpt: String, occurrences: Int = 1) {
        self.pattern = pattern
        self.severity = severity
        self.message = message
        self.excerpt = excerpt
        self.occurrences = occurrences
    }

    /// `block injection 'ignore-previous-instructions': … — "…excerpt…"`.
    public var description: String { "\(severity.rawValue) \(pattern): \(message) — \"\(excerpt)\"" }
}
