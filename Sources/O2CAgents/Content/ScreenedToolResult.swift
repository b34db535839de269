import O2CCore

/// A read tool's result made ready for a model (`ContentPolicy.screenToolResult`).
public struct ScreenedToolResult: Sendable {
    /// The JSON for the model: PII redacted, outside text marked, withheld values replaced, and a
    /// `content_warning` member when the scan found something.
    public let value: JSONValue
    /// What was redacted.
    public let redactions: [Redaction]
    /// What the injection scan found in the outside text (empty when clean).
    public let findings: [InjectionFinding]
    /// How many values were withheld because a `block` pattern matched them.
    public let withheld: Int
}
