/// The result of scanning outside text for prompt injection. A value, not an error: the caller
/// decides what to do with a flagged or blocked text.
public struct InjectionScan: Sendable, Hashable {
    /// The overall verdict.
    public enum Verdict: String, Sendable, Hashable {
        /// No pattern matched.
        case clean
        /// Only `flag` patterns matched: the text may go to the model as untrusted data, and the
        /// findings belong in the trace.
        case flagged
        /// A `block` pattern matched: the text must not go to the model; a person looks at it.
        case blocked
    }

    /// Every pattern that matched, in the order of the policy file.
    public let findings: [InjectionFinding]

    /// A scan with these findings.
    public init(findings: [InjectionFinding]) { self.findings = findings }

    /// Any block finding blocks; otherwise any finding flags.
    public var verdict: Verdict {
        if findings.contains(where: { $0.severity == .block }) { return .blocked }
        return findings.isEmpty ? .clean : .flagged
    }

    /// Whether nothing matched.
    public var isClean: Bool { findings.isEmpty }
}
