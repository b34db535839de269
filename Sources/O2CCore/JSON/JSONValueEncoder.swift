/// Encodes an `Encodable` value as a `JSONValue`, for the project's own writer: object members
/// keep the order the value encodes them in (for a synthesized `Codable` type, the order of its
/// `CodingKeys`), an optional that is `nil` becomes `null` (read models show every field; use
/// `OmitIfNil` for a member that is left out instead), and a `JSONValue` inside (a number's
/// decimal text, a stored document) is kept as it is.
public struct JSONValueEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// `value` as JSON.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try node.put(value)
        return node.json
    }

    /// One value under construction; containers write into it, `json` reads it out once at the end.
    final class Node {
        enum Kind { case empty, value, object, array }
        var kind = Kind.empty
        var value = JSONValue.null
        var members: [(String, Node)] = []
        var items: [Node] = []

        var json: JSONValue {
            switch kind {
            case .empty: return .object(JSONObject())
            case .value: return value
            case .object: return .object(JSONObject(members.map { ($0.0, $0.1.json) }))
            case .array: return .array(items.map(\.json))
            }
        }

        func set(_ v: JSONValue) {
            kind = .value
            value = v
        }

        func put<T: Encodable>(_ value: T) throws {
            switch value {
            case let v as String: set(.string(v))
            case let v as JSONValue: set(v)
            case let v as Bool: set(.bool(v))
            case let v as Int64: set(.int(v))
            case let v as Int: set(.int(v))
            // The other standard numbers hand themselves back to a single-value container, which
            // would come round here forever: written as numbers here.
            case let v as any FixedWidthInteger: set(Int64(exactly: v).map { .int($0) } ?? .number(String(describing: v)))
            case let v as Double: set(try Self.number(v))
            case let v as Float: set(try Self.number(Double(v)))
            default: try value.encode(to: NodeEncoder(node: self))
            }
        }

        /// A finite floating-point number as a JSON number; JSON has no NaN or infinity.
        static func number(_ v: Double) throws -> JSONValue {
            guard v.isFinite else {
                throw EncodingError.invalidValue(v, EncodingError.Context(codingPath: [], debugDescription: "\(v) is not a JSON number"))
            }
            return .number(String(describing: v))
        }

        /// The member `key`, added last (a key written twice keeps its first place and last value,
        /// as `JSONObject` does).
        func member(_ key: String) -> Node {
            kind = .object
            let node = Node()
            members.append((key, node))
            return node
        }

        func append() -> Node {
            kind = .array
            let node = Node()
            items.append(node)
            return node
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            node.kind = .object
            return KeyedEncodingContainer(Keyed<Key>(node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            node.kind = .array
            return Unkeyed(node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }
    }

    struct Keyed<Key: CodingKey>: NullWritingKeyedContainer {
        let node: Node
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try node.member(key.stringValue).put(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.member(key.stringValue)).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.member(key.stringValue)).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue)) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }
        var count: Int { node.items.count }

        mutating func encodeNil() throws { node.append().set(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.append().put(value) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: node.append()).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { NodeEncoder(node: node.append()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.append()) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.set(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.put(value) }
    }
}
