/// A 1-based line/column position inside an expression source.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line.
    public let line: Int32
    /// 1-based column in characters.
    public let column: Int32

    /// Creates a position.
    public init(line: Int32, column: Int32) {
        self.line = line
        self.column = column
    }

    /// "line:column".
    public var description: String { "\(line):\(column)" }
}
