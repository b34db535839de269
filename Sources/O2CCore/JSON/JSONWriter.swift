/// Writes JSON as UTF-8 bytes into one growing buffer: no per-character `String` appends, and the
/// buffer can be kept and reused (`removeAll(keepingCapacity:)`) for the next document.
///
/// Strings are escaped exactly as `JSONValue.serialized` always has (`\"`, `\\`, `\n`, `\r`, `\t`,
/// other control characters as `\u00xx`), so canonical text and its digests do not change.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// A writer with room for `capacity` bytes.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer and keeps its memory.
    public mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// Appends bytes that are already JSON (or punctuation) as they are.
    @inlinable public mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes that are already JSON as they are.
    @inlinable public mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Appends text that is already JSON (a number's literal, a stored document) as it is.
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends one byte.
    @inlinable public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Appends `s` as a quoted JSON string.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Appends UTF-8 text as a quoted JSON string: one pass counts the escapes, one writes them
    /// straight into the buffer (JSON text inside a string has a quote every few bytes).
    public mutating func string(utf8 src: UnsafeBufferPointer<UInt8>) {
        Self.escapes.withUnsafeBufferPointer { table in
            var extra = 0
            for c in src { extra &+= Int(table[Int(c)]) }
            if extra == 0 {
                // Nothing to escape (most strings): one copy between the quotes.
                bytes.append(0x22)
                bytes.append(contentsOf: src)
                bytes.append(0x22)
                return
            }
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0x22, count: src.count + extra + 2))
            bytes.withUnsafeMutableBufferPointer { out in
                guard let base = out.baseAddress else { return }
                var o = base + start + 1
                for c in src {
                    switch table[Int(c)] {
                    case 0:
                        o.pointee = c
                        o += 1
                    case 1:
                        o[0] = 0x5C
                        o[1] = c == 0x0A ? UInt8(ascii: "n") : c == 0x0D ? UInt8(ascii: "r") : c == 0x09 ? UInt8(ascii: "t") : c
                        o += 2
                    default:
                        o[0] = 0x5C; o[1] = UInt8(ascii: "u"); o[2] = 0x30; o[3] = 0x30
                        o[4] = Self.hexDigits[Int(c >> 4)]
                        o[5] = Self.hexDigits[Int(c & 0x0F)]
                        o += 6
                    }
                }
            }
        }
    }

    /// Extra bytes each byte takes when escaped: 1 for `"`, `\`, newline, return and tab, 5 for
    /// other control characters (`\u00xx`), 0 for the rest.
    private static let escapes: [UInt8] = (0..<256).map { c in
        c == 0x22 || c == 0x5C || c == 0x0A || c == 0x0D || c == 0x09 ? 1 : c < 0x20 ? 5 : 0
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `prefix` as it is (punctuation and a member name, `,"net":`), then `value` as a
    /// quoted JSON string, or `null` when it is nil: one member of a hand-written object.
    public mutating func member(_ prefix: StaticString, _ value: String?) {
        literal(prefix)
        if let value { string(value) } else { literal("null") }
    }

    /// Appends an integer.
    public mutating func int(_ value: Int) { raw(String(value)) }

    /// Appends `"key":` (after a comma unless `first`).
    public mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a value (compact unless `pretty`; object members sorted by key when `sortedKeys`).
    public mutating func value(_ v: JSONValue, sortedKeys: Bool = false, pretty: Bool = false) {
        write(v, sortedKeys: sortedKeys, pretty: pretty, indent: 0)
    }

    private mutating func newline(_ indent: Int) {
        bytes.append(0x0A)
        for _ in 0..<indent { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func write(_ v: JSONValue, sortedKeys: Bool, pretty: Bool, indent: Int) {
        switch v {
        case .null: literal("null")
        case .bool(let b): if b { literal("true") } else { literal("false") }
        case .number(let n): raw(n)
        case .string(let s): string(s)
        case .array(let items):
            if items.isEmpty { literal("[]"); return }
            bytes.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                write(item, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let obj):
            if obj.isEmpty { literal("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            let members = sortedKeys ? obj.members.sorted { $0.key < $1.key } : obj.members
            for (k, m) in members.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                string(m.key)
                if pretty { literal(": ") } else { bytes.append(UInt8(ascii: ":")) }
                write(m.value, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

/// A value that writes itself as JSON into a `JSONWriter` (typed records such as trace events).
public protocol JSONWritable {
    /// Appends this value's JSON.
    func write(to writer: inout JSONWriter)
}

extension JSONValue: JSONWritable {
    /// Appends this value's compact JSON.
    public func write(to writer: inout JSONWriter) { writer.value(self) }
}
