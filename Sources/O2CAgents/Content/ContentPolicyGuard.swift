import O2CCore

/// The content guardrails as the agent runner uses them (`ContentGuard`), backed by a
/// `ContentPolicy`. A separate type so `ContentPolicy`'s own richer `scan` and `redact` keep
/// unambiguous names.
public struct ContentPolicyGuard: ContentGuard {
    /// The policy in force.
    public let policy: ContentPolicy

    /// A guard over `policy` (usually `ContentPolicy.load(directory: home + "/guardrails/content")`).
    public init(policy: ContentPolicy = .standard) { self.policy = policy }

    /// `UntrustedData.wrap`.
    public func wrapUntrusted(_ text: String, source: String) -> String { UntrustedData.wrap(text, source: source) }

    /// `UntrustedData.systemRule`.
    public var untrustedDataRule: String { UntrustedData.systemRule }

    /// The scan's verdict as blocked or not, and each finding as one line.
    public func scan(_ text: String) -> (blocked: Bool, findings: [String]) {
        let result = policy.scan(text)
        return (result.verdict == .blocked, result.findings.map(\.description))
    }

    /// The value with named PII fields and PII text redacted.
    public func redact(_ value: JSONValue) -> JSONValue { policy.redact(value).0 }

    /// Each problem of the dunning email as one sentence.
    public func checkDunning(
        subject: String, body: String, level: Int, invoices: [(id: String, openAmount: String, currency: String)]
    ) -> [String] {
        policy.dunning.check(subject: subject, body: body, level: level, invoices: invoices).map(\.message)
    }
}
