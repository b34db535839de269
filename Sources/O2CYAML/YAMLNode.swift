import O2CCore
internal import Yams

/// One node of a YAML file with where it is: a scalar, a list or a mapping (keys in file order).
/// Read with `YAMLReader`, which reports problems as `Diagnostic`s.
public struct YAMLNode {
    let node: Node

    init(_ node: Node) { self.node = node }

    /// How a scalar was written, for mapping a position inside its text back to the file.
    public enum Style: Sendable {
        /// Plain text (or not a scalar).
        case plain
        /// In single or double quotes.
        case quoted
        /// A `|` or `>` block.
        case block
    }

    /// 1-based line where the node starts.
    public var line: Int { node.mark?.line ?? 1 }
    /// 1-based column where the node starts.
    public var column: Int { node.mark?.column ?? 1 }
    /// The text of a scalar; nil for a list or a mapping.
    public var string: String? { node.scalar?.string }
    /// Whether this is a scalar.
    public var isScalar: Bool { node.scalar != nil }
    /// Whether this is an empty or null scalar (`~`, `null`, nothing).
    public var isNull: Bool { node.null != nil }
    /// A whole number scalar.
    public var int: Int? { node.int }
    /// A `true`/`false` scalar.
    public var bool: Bool? { node.bool }
    /// A number scalar.
    public var double: Double? { node.float }
    /// The items of a list; nil for a scalar or a mapping.
    public var items: [YAMLNode]? { node.sequence.map { $0.map(YAMLNode.init) } }
    /// The keys and values of a mapping in file order; nil for a scalar or a list.
    public var entries: [(key: YAMLNode, value: YAMLNode)]? { node.mapping.map { $0.map { (YAMLNode($0.key), YAMLNode($0.value)) } } }
    /// Whether this is a mapping.
    public var isMapping: Bool { node.mapping != nil }
    /// The value under a key of a mapping.
    public subscript(key: String) -> YAMLNode? { node.mapping?[key].map(YAMLNode.init) }
    /// The key node itself (where the key is written) of a mapping.
    public func key(_ name: String) -> YAMLNode? { entries?.first { $0.key.string == name }?.key }

    /// How a scalar was written.
    public var style: Style {
        switch node.scalar?.style {
        case .literal?, .folded?: return .block
        case .singleQuoted?, .doubleQuoted?: return .quoted
        default: return .plain
        }
    }

    /// The node as JSON: plain null, booleans and numbers as YAML resolves them, the rest as text;
    /// mappings keep their keys in file order.
    public var json: JSONValue {
        switch node {
        case .scalar:
            if style != .plain { return .string(string ?? "") }
            if isNull { return .null }
            if let b = bool { return .bool(b) }
            if let i = int { return .int(i) }
            if let d = double, d.isFinite { return .number(String(d)) }
            return .string(string ?? "")
        case .sequence(let seq): return .array(seq.map { YAMLNode($0).json })
        case .mapping(let map): return .object(JSONObject(map.map { ($0.key.scalar?.string ?? "", YAMLNode($0.value).json) }))
        case .alias: return .null
        }
    }
}
