extension JSONValue {
    /// Compact JSON text; with `sortedKeys` the output is canonical (used for digests).
    public func serialized(sortedKeys: Bool = false, pretty: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(128)
        write(into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: 0)
        return out
    }

    /// Canonical text: sorted keys, no spaces. Two equal values give the same text.
    public var canonical: String { serialized(sortedKeys: true) }

    private func write(into out: inout String, sortedKeys: Bool, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let obj):
            if obj.isEmpty { out += "{}"; return }
            out += "{"
            let members = sortedKeys ? obj.members.sorted { $0.key < $1.key } : obj.members
            for (k, m) in members.enumerated() {
                if k > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(m.key, into: &out)
                out += pretty ? ": " : ":"
                m.value.write(into: &out, sortedKeys: sortedKeys, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Appends `s` as a quoted JSON string.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
