/// A problem in an agent profile or prompt, with where it is and how to fix it.
public struct AgentDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// 1-based line (0 when unknown).
    public let line: Int
    /// 1-based column (0 when unknown).
    public let column: Int
    /// What is wrong.
    public let message: String
    /// How to fix it, when there is an obvious fix.
    public let suggestion: String?

    /// A diagnostic.
    public init(file: String, line: Int, column: Int, message: String, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.suggestion = suggestion
    }

    /// `agents/collections.yaml:9:10: unknown tool 'credit_chek' — did you mean 'credit_check'?`
    public var description: String {
        "\(file):\(line):\(column): \(message)" + (suggestion.map { " — \($0)" } ?? "")
    }
}
