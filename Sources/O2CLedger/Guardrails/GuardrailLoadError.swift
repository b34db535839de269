import O2CCore

/// A guardrail set that was refused: every problem found, each with its location.
public struct GuardrailLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in file order.
    public let diagnostics: [Diagnostic]

    /// An error with these problems.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String {
        "the guardrails were refused (\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s")):\n"
            + diagnostics.map { "  \($0)" }.joined(separator: "\n")
    }
}
