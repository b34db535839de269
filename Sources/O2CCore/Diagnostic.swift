/// One problem in a file people write (guardrails, content policy, agent profiles, scenarios,
/// o2c.yaml, dunning levels), with where it is and how to fix it:
/// `guardrails/credit.yaml:7:11: unknown field 'customer.overdue_dayz' — did you mean 'customer.overdue_days'?`
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
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

extension Array where Element == Diagnostic {
    /// `WHAT were refused (N problems):` and one indented line per problem, as the loaders of
    /// guardrail and content-policy files report them.
    public func refusal(of what: String) -> String {
        "\(what) were refused (\(count) problem\(count == 1 ? "" : "s")):\n" + map { "  \($0)" }.joined(separator: "\n")
    }
}
