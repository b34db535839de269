/// Encodes an `Encodable` value straight into a `JSONWriter`: the same bytes as
/// `JSONValueEncoder().encode(value).serializedBytes()` (members in encoding order, `nil` as
/// `null`, a `JSONValue` inside kept as it is), without building the `JSONValue` tree first.
///
/// It streams, so it relies on what synthesized `Codable` does: each member written once, one
/// container per value, every value finished before the next member starts. A type that asks for
/// a nested or super encoder, keeps a container past the next member or mixes container kinds is
/// detected, and the value is then encoded through `JSONValueEncoder` (same bytes, slower). A key
/// written twice is not detected (the tree keeps one member, the stream would write both).
public struct JSONBytesEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// Appends `value`'s compact JSON to `writer` (nothing when it throws).
    public func encode<T: Encodable>(_ value: T, into writer: inout JSONWriter) throws {
        let start = writer.bytes.count
        let sink = Sink(writer)
        writer = JSONWriter(capacity: 0)  // the sink holds the only reference: no copy as it grows
        do { try sink.put(value) } catch {
            writer = sink.writer
            writer.bytes.removeSubrange(start...)
            throw error
        }
        writer = sink.writer
        if sink.broken {
            writer.bytes.removeSubrange(start...)
            writer.value(try JSONValueEncoder().encode(value))
        }
    }

    /// `value`'s compact JSON.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        try encode(value, into: &writer)
        return writer.bytes
    }

    /// The bytes and the values still open (innermost last).
    final class Sink {
        enum Kind { case empty, value, object, array }
        struct Level {
            let id: Int
            var kind = Kind.empty
            var count = 0
            /// The type whose `encode(to:)` this value was handed to last.
            var handedTo: ObjectIdentifier?
        }
        // Unchecked: one encoding touches these from one thread, a dozen times per value, and
        // never while another access is open; the dynamic checks cost about a seventh of the encoding.
        @exclusivity(unchecked) var writer: JSONWriter
        @exclusivity(unchecked) var levels: [Level] = []
        @exclusivity(unchecked) var nextID = 0
        /// Set when the value is used in a way a stream cannot follow.
        @exclusivity(unchecked) var broken = false

        init(_ writer: JSONWriter) { self.writer = writer }

        /// Writes `value` as a new innermost value and closes it.
        func put<T: Encodable>(_ value: T) throws {
            nextID += 1
            levels.append(Level(id: nextID))
            try write(value, at: levels.count - 1)
            switch levels.removeLast().kind {
            case .empty: writer.literal("{}")
            case .object: writer.byte(UInt8(ascii: "}"))
            case .array: writer.byte(UInt8(ascii: "]"))
            case .value: break
            }
        }

        /// Writes `value` into the open level `index` (a single-value container's value).
        func write<T: Encodable>(_ value: T, at index: Int) throws {
            guard levels[index].kind == .empty else { broken = true; return }
            // The types compared, not cast: a failed dynamic cast per value cost more than the write.
            if T.self == String.self { writer.string(unsafeBitCast(value, to: String.self)) }
            else if T.self == JSONValue.self { writer.value(unsafeBitCast(value, to: JSONValue.self)) }
            else if T.self == Bool.self { if unsafeBitCast(value, to: Bool.self) { writer.literal("true") } else { writer.literal("false") } }
            else if T.self == Int64.self { writer.raw(String(unsafeBitCast(value, to: Int64.self))) }
            else if T.self == Int.self { writer.raw(String(unsafeBitCast(value, to: Int.self))) }
            else {
                // A type that hands itself back to the single-value container it got (the
                // standard numbers other than Int and Int64 do) would come round forever: the tree
                // encodes it instead.
                guard levels[index].handedTo != ObjectIdentifier(T.self) else { broken = true; return }
                levels[index].handedTo = ObjectIdentifier(T.self)
                return try value.encode(to: StreamEncoder(sink: self, ref: ref(index)))
            }
            levels[index].kind = .value
        }

        func ref(_ index: Int) -> Ref { Ref(index: index, id: levels[index].id) }

        /// Whether `ref` is the innermost open value; marks the stream broken when it is not.
        func isCurrent(_ ref: Ref) -> Bool {
            guard ref.index >= 0, ref.index == levels.count - 1, levels[ref.index].id == ref.id else { broken = true; return false }
            return true
        }

        /// Opens `kind` (`{` or `[`) at `ref`, or continues it when already open.
        func open(_ ref: Ref, _ kind: Kind) {
            guard isCurrent(ref) else { return }
            switch levels[ref.index].kind {
            case kind: return
            case .empty:
                levels[ref.index].kind = kind
                writer.byte(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            default: broken = true
            }
        }

        /// Starts the next member or item of `ref`: the comma, and for a member its key.
        func next(_ ref: Ref, key: String?) -> Bool {
            guard isCurrent(ref) else { return false }
            if levels[ref.index].count > 0 { writer.byte(UInt8(ascii: ",")) }
            levels[ref.index].count += 1
            if let key {
                writer.string(key)
                writer.byte(UInt8(ascii: ":"))
            }
            return true
        }

        /// A value the stream cannot follow: the container returned writes nowhere.
        func unsupported() -> Ref {
            broken = true
            return Ref(index: -1, id: -1)
        }
    }

    /// A value of the stream: its level and that level's identity.
    struct Ref {
        let index: Int
        let id: Int
    }

    struct StreamEncoder: Encoder {
        let sink: Sink
        let ref: Ref
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.open(ref, .object)
            return KeyedEncodingContainer(Keyed<Key>(sink: sink, ref: ref))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.open(ref, .array)
            return Unkeyed(sink: sink, ref: ref)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(sink: sink, ref: ref) }
    }

    struct Keyed<Key: CodingKey>: NullWritingKeyedContainer {
        let sink: Sink
        let ref: Ref
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            if sink.next(ref, key: key.stringValue) { sink.writer.literal("null") }
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if sink.next(ref, key: key.stringValue) { try sink.put(value) }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(sink: sink, ref: sink.unsupported()))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { Unkeyed(sink: sink, ref: sink.unsupported()) }
        mutating func superEncoder() -> any Encoder { StreamEncoder(sink: sink, ref: sink.unsupported()) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { StreamEncoder(sink: sink, ref: sink.unsupported()) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        let ref: Ref
        var count = 0
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws {
            count += 1
            if sink.next(ref, key: nil) { sink.writer.literal("null") }
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            if sink.next(ref, key: nil) { try sink.put(value) }
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(sink: sink, ref: sink.unsupported()))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(sink: sink, ref: sink.unsupported()) }
        mutating func superEncoder() -> any Encoder { StreamEncoder(sink: sink, ref: sink.unsupported()) }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: Sink
        let ref: Ref
        /// Not tracked: this encoder never fails on its own, so no error needs the path.
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { try encode(JSONValue.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            if sink.isCurrent(ref) { try sink.write(value, at: ref.index) }
        }
    }
}
