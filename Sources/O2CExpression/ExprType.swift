/// The static type of a value, used by the linter (`Expression.check(schema:)`); `.any` matches everything.
public enum ExprType: String, Sendable, Hashable, CustomStringConvertible {
    /// Unknown / dynamic type: compatible with every operation.
    case any
    /// The null type.
    case null
    /// Boolean.
    case bool
    /// Exact decimal number.
    case number
    /// String.
    case string
    /// List of any values.
    case list
    /// String-keyed map.
    case map

    /// The type name used in messages, e.g. "number".
    public var description: String { rawValue }
}
