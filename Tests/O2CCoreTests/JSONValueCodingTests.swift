import O2CCore
import Testing

/// `JSONValueEncoder` and `JSONValueDecoder`: members in `CodingKeys` order, `nil` as `null`,
/// `OmitIfNil` left out, numbers kept as their decimal text, and a value read back as it was.
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
}
