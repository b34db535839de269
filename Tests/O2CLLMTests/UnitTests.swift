import Foundation
import O2CCore
import O2CLLM
import Testing

@Suite("Units")
struct UnitTests {
    @Test func providerJSONRoundTripsThroughTheOneParser() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null],"b":"q\"\\\n\u00e9\ud83d\ude00","c":{}}"#
        let value = try JSONParser().parse(text)
        #expect(value["a"]?[1] == .number("-2.5e3"))
        #expect(value["a"]?[0]?.intValue == 1)
        #expect(value["a"]?[4]?.isNull == true)
        #expect(value["b"]?.stringValue == "q\"\\\né😀")
        #expect(try JSONParser().parse(value.serialized()) == value)
        #expect(throws: JSONParseError.self) { try JSONParser().parse("{\"a\":1,}") }
        #expect(throws: JSONParseError.self) { try JSONParser().parse("[1 2]") }
        #expect(throws: JSONParseError.self) { try JSONParser().parse("") }
        #expect(throws: JSONParseError.self) { try JSONParser().parse(String(repeating: "[", count: 10_000)) }
    }

    @Test func sseParserHandlesSplitsAndCRLF() {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        let stream = "event: a\r\ndata: one\r\n\r\n: comment\ndata: two\ndata: lines\n\ndata: tail"
        for byte in Array(stream.utf8) { events += parser.feed([byte]) }
        events += parser.finish()
        #expect(events == [
            SSEEvent(event: "a", data: "one"), SSEEvent(event: nil, data: "two\nlines"), SSEEvent(event: nil, data: "tail"),
        ])
    }

    @Test func retryDelays() {
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 5, jitterFraction: 0.5, jitter: { 1 }, sleep: { _ in })
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil) == 0.5)
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil) == 1.0)
        #expect(policy.delay(beforeRetry: 4, retryAfter: nil) == 2.5)  // capped at 5, halved by jitter
        #expect(policy.delay(beforeRetry: 3, retryAfter: 7) == 7)
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
