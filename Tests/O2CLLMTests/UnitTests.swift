import Foundation
import O2CLLM
import Testing

@Suite("Units")
struct UnitTests {
    @Test func jsonRoundTrip() throws {
        let text = #"{"a":[1,-2.5e3,true,false,null],"b":"q\"\\\n\u00e9\ud83d\ude00","c":{}}"#
        let value = try #require(ModelJSON.parse(text))
        #expect(value["a"]?[1] == .number("-2.5e3"))
        #expect(value["b"]?.stringValue == "q\"\\\né😀")
        #expect(ModelJSON.parse(value.serialized()) == value)
        #expect(ModelJSON.parse("{\"a\":1,}") == nil)
        #expect(ModelJSON.parse("[1 2]") == nil)
        #expect(ModelJSON.parse("") == nil)
        #expect(ModelJSON.parse(String(repeating: "[", count: 10_000)) == nil)
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
