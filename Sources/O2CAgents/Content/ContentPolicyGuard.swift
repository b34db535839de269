import O2CCore

/// The content guardrails as the agent runner uses them (`ContentGuard`), backed by a
/// `ContentPolicy`.
public struct ContentPolicyGuard: ContentGuard {
    /// The policy in force.
    public let policy: ContentPolicy

    /// A guard over `policy` (usually `ContentPolicy.load(directory: home + "/guardrails/content")`).
    public init(policy: ContentPolicy = .standard) { self.policy = policy }

    /// `UntrustedData.systemRule`.
    public var untrustedDataRule: String { UntrustedData.systemRule }

    /// `ContentPolicy.screen(_:source:)`.
    public func screen(_ text: String, source: String) -> ScreenedInput { policy.screen(text, source: source) }

    /// `ContentPolicy.screenToolResult(_:)`'s value.
    public func screenToolResult(_ value: JSONValue) -> JSONValue { policy.screenToolResult(value).value }

    /// Each problem of the dunning email as one sentence.
    public func checkDunning(
        subject: String, body: String, level: Int, invoices: [(id: String, openAmount: String, currency: String)]
    ) -> [String] {
        policy.dunning.check(subject: subject, body: body, level: level, invoices: invoices).map(\.message)
    }
}
