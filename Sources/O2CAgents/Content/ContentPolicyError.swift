import O2CCore

/// Content guardrail files that were refused: every problem found, each with its file, line and
/// column (`guardrails/content/injection.yaml:12:14: bad regex '(ignore': …`).
public struct ContentPolicyError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in file order.
    public let diagnostics: [Diagnostic]

    /// An error with these problems.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String { diagnostics.refusal(of: "the content guardrails") }
}
