/// Outside text made ready for a model: scanned for injection, personal data redacted, wrapped
/// as untrusted data. A blocked text has nothing for the model, by construction.
public struct ScreenedInput: Sendable, Hashable {
    /// What the injection scan found (on the text as received).
    public let scan: InjectionScan
    /// What was redacted.
    public let redactions: [Redaction]
    /// The text with personal data redacted (what a run record stores).
    public let redacted: String
    /// The redacted text as an untrusted-data block.
    private let wrapped: String

    /// A screened input.
    init(scan: InjectionScan, redactions: [Redaction], redacted: String, wrapped: String) {
        self.scan = scan
        self.redactions = redactions
        self.redacted = redacted
        self.wrapped = wrapped
    }

    /// The block to put in the model's messages; nil when the scan blocked the text (it then goes
    /// to a person instead).
    public var textForModel: String? { scan.verdict == .blocked ? nil : wrapped }
}
