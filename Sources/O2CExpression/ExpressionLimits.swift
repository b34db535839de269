/// Hard bounds enforced by the parser and evaluator; exceeding any of them is an `ExpressionError`, never a crash.
public enum ExpressionLimits {
    /// Maximum source length in UTF-8 bytes.
    public static let maxSourceLength = 4_096
    /// Maximum syntactic nesting: parentheses, list brackets, index brackets, calls and unary operators.
    public static let maxNestingDepth = 32
    /// Maximum height of the compiled tree (long `+` chains count; `&&`/`||` chains are flattened).
    public static let maxTreeHeight = 64
    /// Maximum number of elements in a list literal or list produced by `+`.
    public static let maxListLength = 1_000
    /// Maximum length in UTF-8 bytes of a string literal or string produced by `+`.
    public static let maxStringLength = 65_536
}
