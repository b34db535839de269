/// One problem in a guardrail file, with where it is and how to fix it:
/// `guardrails/credit.yaml:7:11: unknown field 'customer.overdue_dayz' — did you mean 'customer.overdue_days'?`
public struct GuardrailDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file as shown to people (`guardrails/credit.yaml`).
    public let file: String
    /// 1-based line in the file.
    public let line: Int
    /// 1-based column in the line.
    public let column: Int
    /// What is wrong.
    public let message: String
    /// How to fix it, when known.
    public let suggestion: String?

    /// A diagnostic.
    public init(file: String, line: Int, column: Int, message: String, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
    }

    /// `file:line:column: message — suggestion`.
    public var description: String {
        var text = "\(file):\(line):\(column): \(message)"
        if let suggestion { text += " — \(suggestion)" }
        return text
    }
}

/// A guardrail set that was refused: every problem found, each with its location.
public struct GuardrailLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem, in file order.
    public let diagnostics: [GuardrailDiagnostic]

    /// An error with these problems.
    public init(diagnostics: [GuardrailDiagnostic]) { self.diagnostics = diagnostics }

    /// One line per problem.
    public var description: String {
        "the guardrails were refused (\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s")):\n"
            + diagnostics.map { "  \($0)" }.joined(separator: "\n")
    }
}
