/// The single error type for parsing, evaluation and static checking; positions are 1-based within the expression source.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Machine-readable category of an `ExpressionError`.
    public enum Code: String, Sendable, Hashable {
        /// Source exceeds `ExpressionLimits.maxSourceLength`.
        case sourceTooLong
        /// Nesting (parentheses, brackets, unary operators, calls) or tree height exceeds the limit.
        case nestingTooDeep
        /// A character that cannot start any token.
        case unexpectedCharacter
        /// A string literal without its closing quote.
        case unterminatedString
        /// A bad escape sequence in a string literal.
        case invalidEscape
        /// A malformed or out-of-range number literal.
        case invalidNumber
        /// A token that does not fit the grammar here.
        case unexpectedToken
        /// The expression ended too early.
        case unexpectedEnd
        /// List literal or list result exceeds `ExpressionLimits.maxListLength`.
        case listTooLarge
        /// String literal or string result exceeds `ExpressionLimits.maxStringLength`.
        case stringTooLong
        /// A field path segment that does not exist (runtime) or is not in the schema (checker).
        case unknownField
        /// A top-level name that is not in the facts.
        case unknownIdentifier
        /// A call to a function other than `has` and `size`.
        case unknownFunction
        /// Wrong number or kind of function arguments.
        case invalidArgument
        /// Operands of the wrong type (e.g. string compared with number).
        case typeMismatch
        /// Division or remainder by zero.
        case divisionByZero
        /// A number outside the representable range.
        case overflow
        /// List index outside the list, or not a whole number.
        case indexOutOfRange
        /// A condition that does not produce a bool.
        case notBool
    }

    /// Category of the problem.
    public let code: Code
    /// What is wrong, in plain words (without position).
    public let message: String
    /// 1-based line within the expression source.
    public let line: Int
    /// 1-based column (in characters) within the line.
    public let column: Int
    /// How to fix it, when known (e.g. "did you mean 'customer.overdue_days'?").
    public let suggestion: String?

    /// Creates an error.
    public init(code: Code, message: String, line: Int, column: Int, suggestion: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.suggestion = suggestion
    }

    init(_ code: Code, _ message: String, at pos: SourcePosition, suggestion: String? = nil) {
        self.init(code: code, message: message, line: Int(pos.line), column: Int(pos.column), suggestion: suggestion)
    }

    /// Full text, e.g. "unexpected ')' at 1:17 (did you mean ...?)".
    public var description: String {
        var text = "\(message) at \(line):\(column)"
        if let suggestion { text += " (\(suggestion))" }
        return text
    }
}
