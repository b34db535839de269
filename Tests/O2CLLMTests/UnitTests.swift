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

    /// Both providers name the system prompt and the tool list in the body they send, at the
    /// bytes where they are, whether the answer is streamed or not (the trace stores them once).
    @Test func requestFragmentsAreTheSystemPromptAndToolsWhereTheyLieInTheBody() async throws {
        let server = try startedServer([.text("a"), .text("b"), .text("c"), .text("d")])
        defer { server.stop() }
        var responses: [ModelResponse] = []
        responses.append(try await openAI(server).complete(simpleRequest(tools: [lookupTool])))
        responses.append(try await anthropic(server).complete(simpleRequest(tools: [lookupTool])))
        responses.append(try #require(try await collect(openAI(server).stream(simpleRequest(tools: [lookupTool]))).done))
        responses.append(try #require(try await collect(anthropic(server).stream(simpleRequest(tools: [lookupTool]))).done))
        for response in responses {
            #expect(response.requestFragments.count == 2)
            for fragment in response.requestFragments {
                let end = fragment.offset + fragment.bytes.count
                #expect(end <= response.requestBytes.count && Array(response.requestBytes[fragment.offset..<end]) == fragment.bytes)
                #expect(fragment.digest == RequestFragment.digest(of: fragment.bytes) && fragment.digest.count == 71)
            }
            let texts = response.requestFragments.map { String(decoding: $0.bytes, as: UTF8.self) }
            #expect(texts.first?.contains("You are terse.") == true && texts.last?.contains("lookup_order") == true)
        }
        #expect(RequestFragment.digest(of: Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
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
