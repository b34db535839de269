/// A field path referenced by an expression, e.g. "customer.on_hold" at 1:2.
public struct FieldReference: Sendable, Hashable, CustomStringConvertible {
    /// Dotted path as written, e.g. "args.amount".
    public let path: String
    /// 1-based line of the path's first segment.
    public let line: Int
    /// 1-based column of the path's first segment.
    public let column: Int
    /// True when the path appears only as the argument of has().
    public let isPresenceTest: Bool

    /// Creates a reference.
    public init(path: String, line: Int, column: Int, isPresenceTest: Bool = false) {
        self.path = path
        self.line = line
        self.column = column
        self.isPresenceTest = isPresenceTest
    }

    /// "path@line:column".
    public var description: String { "\(path)@\(line):\(column)" }
}
