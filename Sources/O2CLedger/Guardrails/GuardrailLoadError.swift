import O2CCore

/// A guardrail set that was refused: every problem found, each with its location.
public struct GuardrailLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in file order.
    public let diagnostics: [Diagnostic]

    /// An error with these problems.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String { diagnostics.refusal(of: "the guardrails") }
}
