import O2CCore
import Testing

/// A stored JSON text is copied into an answer as it is only when parsing it and writing it back
/// would give the same bytes; every other text is refused (the caller then parses it).
@Suite("JSON written form")
struct JSONWrittenFormTests {
    static func rewritten(_ text: String) -> String? { (try? JSONParser().parse(text))?.serialized() }

    @Test(arguments: [
        #"{}"#, #"[]"#, #"{"customer_id":"C-011","reason":"exposure would exceed the credit limit"}"#, #"null"#, #"true"#,
        #"[1,-0,0.50,1.5e+3,-2E-7,12]"#, #"{"a":{"b":[{"c":null}],"d":false},"e":"x"}"#,
        #"{"text":"a \"quote\", a \\ and\na new line\r\t"}"#, #"{"bell":"\u0007\u001f\u0000"}"#, #"{"name":"Müller & Söhne 東京"}"#,
        #"{"ab":1,"a":2,"b":3}"#, #"{"slash":"a/b","del":"\#u{7F}"}"#, #""plain""#,
    ])
    func aTextTheWriterWritesHoldsAndRoundTripsToItself(text: String) {
        #expect(JSONWrittenForm.holds(text))
        #expect(Self.rewritten(text) == text)
    }

    @Test(arguments: [
        #"{ "a": 1 }"#, " {}", "{}\n", #"{"a":"\/"}"#, #"{"a":"\u00e9"}"#, #"{"a":"\u001F"}"#, #"{"a":"\u000a"}"#, #"{"a":"\b"}"#,
        #"{"a":1,"a":2}"#, #"{"é":1}"#, #"{"e\u0301":1}"#, #"{"a\n":1}"#, "not json", #"{"a":1"#, #"{"a":01}"#, #"{"a":1.}"#, #"[1,]"#,
        #"{"a":tru}"#, #"{"a":"x"}x"#, "", #"{"a":-}"#, #"{"a":1e}"#,
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ])
    func anyOtherTextIsRefusedSoTheCallerParsesIt(text: String) {
        #expect(!JSONWrittenForm.holds(text))
    }

    @Test func whatHoldsRoundTripsOverManyGeneratedTexts() {
        // Every text of short strings over a small alphabet of JSON's tricky bytes: whenever the
        // check holds, writing back the parsed value gives the text itself.
        let alphabet = ["{", "}", "[", "]", "\"", ":", ",", "\\", "u", "0", "1", "a", " ", "n", "e", "-", "."]
        var held = 0
        var x: UInt64 = 42
        for _ in 0..<40_000 {
            var text = ""
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            var bits = x
            for _ in 0..<Int(bits % 9 + 1) {
                bits /= 17
                text += alphabet[Int(bits % UInt64(alphabet.count))]
            }
            if JSONWrittenForm.holds(text) {
                held += 1
                #expect(Self.rewritten(text) == text, "\(text)")
            }
        }
        #expect(held > 50)
    }
}
