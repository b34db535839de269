extension JSONValue: Codable {
    /// Writes the value through any encoder (`JSONValueEncoder` keeps it exactly as it is; another
    /// encoder gets numbers as `Double`, which is why money travels as decimal strings).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let o):
            var c = encoder.container(keyedBy: MemberKey.self)
            for m in o { try c.encode(m.value, forKey: MemberKey(m.key)) }
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
        case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .number(let n): var c = encoder.singleValueContainer(); try c.encode(Double(n) ?? 0)
        }
    }

    /// Reads any JSON value (`JSONValueDecoder` hands it over as it is).
    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: MemberKey.self) {
            self = .object(JSONObject(try c.allKeys.map { ($0.stringValue, try c.decode(JSONValue.self, forKey: $0)) }))
        } else if var c = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !c.isAtEnd { items.append(try c.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else { self = .number(String(try c.decode(Double.self))) }
        }
    }

    private struct MemberKey: CodingKey {
        let stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
