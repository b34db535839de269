import O2CCore
import Testing

/// `JSONValueEncoder` and `JSONValueDecoder`: members in `CodingKeys` order, `nil` as `null`,
/// `OmitIfNil` left out, numbers kept as their decimal text, and a value read back as it was;
/// `JSONBytesEncoder` writes the same bytes without the tree.
@Suite("JSONValue coding")
struct JSONValueCodingTests {
    struct Sample: Codable, Equatable {
        var name: String
        var note: String?
        var count: Int64
        var rate: DecimalNumber
        var extra: JSONValue
        @OmitIfNil var detail: [String]?
        @OmitIfNil var reason: String??

        enum CodingKeys: String, CodingKey { case name, note, count, rate, extra, detail, reason }
    }

    @Test func encodesInKeyOrderWithNullsAndLeavesOutWhatIsOmitted() throws {
        let short = Sample(name: "a\"b", note: nil, count: 3, rate: DecimalNumber("12.50"), extra: ["k": [1, true]], detail: nil, reason: nil)
        #expect(try JSONValueEncoder().encode(short).serialized() == #"{"name":"a\"b","note":null,"count":3,"rate":12.50,"extra":{"k":[1,true]}}"#)
        let full = Sample(name: "x", note: "n", count: -1, rate: DecimalNumber("0.00"), extra: .null, detail: ["d"], reason: .some(nil))
        #expect(try JSONValueEncoder().encode(full).serialized() == #"{"name":"x","note":"n","count":-1,"rate":0.00,"extra":null,"detail":["d"],"reason":null}"#)
        for sample in [short, full] {
            #expect(try JSONValueDecoder().decode(Sample.self, from: JSONValueEncoder().encode(sample)) == sample)
        }
    }

    @Test func aMismatchOrAMissingMemberThrows() throws {
        let wrong: [JSONValue] = [
            ["name": 1, "count": 3, "rate": 1, "extra": nil],
            ["name": "x", "count": "3", "rate": 1, "extra": nil],
            ["name": "x", "count": 3, "rate": "1", "extra": nil],
            ["name": "x", "count": .number("3.5"), "rate": 1, "extra": nil],
            ["count": 3, "rate": 1, "extra": nil],
            [1, 2],
        ]
        for value in wrong {
            #expect(throws: DecodingError.self, "\(value.serialized())") { try JSONValueDecoder().decode(Sample.self, from: value) }
        }
    }

    struct Outer: Codable {
        var samples: [Sample]
        var empty: Empty
        var nested: [[Int64]]
        var flags: [Bool?]
    }

    struct Empty: Codable {}

    /// Writes a member through a nested container, which a stream cannot follow.
    struct Nested: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            var inner = c.nestedContainer(keyedBy: Key.self, forKey: Key("inner"))
            try c.encode("after", forKey: Key("b"))
            try inner.encode("late", forKey: Key("a"))
        }
    }

    /// Asks for an array after writing an object member, which a stream cannot follow either.
    struct Mixed: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(Empty(), forKey: Key("e"))
            var again = encoder.unkeyedContainer()
            try again.encode(1)
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// The standard numbers other than `Int` and `Int64` encode themselves by handing themselves
    /// back to a single-value container; the stream must not follow that round forever.
    struct Numbers: Codable {
        var small: UInt8
        var wide: UInt64
        var int32: Int32
        var ratio: Double
        var wrapped: Wrapper
    }

    struct Wrapper: Codable {
        var inner: Int16
        init(inner: Int16) { self.inner = inner }
        init(from decoder: any Decoder) throws { inner = try decoder.singleValueContainer().decode(Int16.self) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(inner)
        }
    }

    @Test func numbersThatEncodeThroughASingleValueContainerGiveTheTreesBytes() throws {
        let value = Numbers(small: 255, wide: UInt64.max, int32: -7, ratio: 0.5, wrapped: Wrapper(inner: -3))
        #expect(try JSONBytesEncoder().encode(value) == (try JSONValueEncoder().encode(value).serializedBytes()))
        #expect(try JSONValueEncoder().encode(value).serialized() == #"{"small":255,"wide":18446744073709551615,"int32":-7,"ratio":0.5,"wrapped":-3}"#)
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Double.nan) }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode([Float.infinity]) }
        #expect(try JSONBytesEncoder().encode(UInt8(9)) == Array("9".utf8))
        #expect(try JSONBytesEncoder().encode([Wrapper(inner: 1)]) == Array("[1]".utf8))
    }

    @Test func theByteEncoderWritesTheTreesBytesAndFallsBackWhereItCannotStream() throws {
        let short = Sample(name: "a\"b\n", note: nil, count: 3, rate: DecimalNumber("12.50"), extra: ["k": [1, true]], detail: nil, reason: nil)
        let full = Sample(name: "x", note: "n", count: -1, rate: DecimalNumber("0.00"), extra: .null, detail: ["d"], reason: .some(nil))
        let outer = Outer(samples: [short, full], empty: Empty(), nested: [[], [1, 2]], flags: [true, nil, false])
        func same<T: Encodable>(_ value: T) throws {
            var writer = JSONWriter()
            writer.literal("[")
            try JSONBytesEncoder().encode(value, into: &writer)
            #expect(writer.text == "[" + (try JSONValueEncoder().encode(value).serialized()))
        }
        try same(short)
        try same(full)
        try same(outer)
        try same(Empty())
        try same(["a", "b"])
        try same(Int64.min)
        try same(Nested())
        try same(Mixed())
        #expect(String(decoding: try JSONBytesEncoder().encode(outer.nested), as: UTF8.self) == "[[],[1,2]]")
        #expect(String(decoding: try JSONBytesEncoder().encode(Nested()), as: UTF8.self) == #"{"inner":{"a":"late"},"b":"after"}"#)
    }
}
