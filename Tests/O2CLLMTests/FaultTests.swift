import Foundation
import O2CLLM
import O2CScriptedModel
import Testing

@Suite("Faults and retries")
struct FaultTests {
    @Test func rateLimitHonoursRetryAfter() async throws {
        let server = try startedServer([.text("after the limit", faults: [.status(429, retryAfter: 1)])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let response = try await openAI(server, policy: sleeps.policy()).complete(simpleRequest())
        #expect(response.text == "after the limit")
        #expect(response.attempts == 2)
        #expect(sleeps.recorded == [1.0])
        #expect(server.requestCount == 2)
    }

    @Test func rateLimitStreamingAnthropic() async throws {
        let server = try startedServer([.text("streamed after limit", faults: [.status(429, retryAfter: 3)])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let result = try await collect(anthropic(server, policy: sleeps.policy()).stream(simpleRequest()))
        #expect(result.done?.attempts == 2)
        #expect(result.done?.text == "streamed after limit")
        #expect(sleeps.recorded == [3.0])
    }

    @Test func serverErrorsGiveUpAfterFourAttempts() async throws {
        let server = try startedServer([.text("never", faults: [.status(500), .status(500), .status(500), .status(500), .status(500)])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let error = await #expect(throws: ModelError.self) {
            try await openAI(server, policy: sleeps.policy()).complete(simpleRequest())
        }
        #expect(error?.code == .httpStatus)
        #expect(error?.status == 500)
        #expect(error?.attempts == 4)
        #expect(server.requestCount == 4)
        #expect(sleeps.recorded == [0.5, 1.0, 2.0])  // exponential, jitter source pinned to 0
        #expect(error?.message.contains(testKey) == false)
    }

    @Test func clientErrorIsNotRetried() async throws {
        let server = try startedServer([.text("never", faults: [.status(400)])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let error = await #expect(throws: ModelError.self) {
            try await anthropic(server, policy: sleeps.policy()).complete(simpleRequest())
        }
        #expect(error?.code == .httpStatus)
        #expect(error?.status == 400)
        #expect(error?.attempts == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test func hangPastTimeoutIsRetriedThenTimesOut() async throws {
        let server = try startedServer([.text("never", faults: [.hang(seconds: 5), .hang(seconds: 5)])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let error = await #expect(throws: ModelError.self) {
            try await openAI(server, policy: sleeps.policy(maxAttempts: 2)).complete(simpleRequest(timeout: 1))
        }
        #expect(error?.code == .timeout)
        #expect(error?.attempts == 2)
        #expect(sleeps.recorded.count == 1)
    }

    @Test func hangThenSuccess() async throws {
        // The timeout covers each attempt, the served one too: 3 s leaves a loaded machine (or a
        // sanitizer build) room to answer the retry, which 1 s did not always.
        let server = try startedServer([.text("recovered", faults: [.hang(seconds: 6)])])
        defer { server.stop() }
        let response = try await openAI(server).complete(simpleRequest(timeout: 3))
        #expect(response.text == "recovered")
        #expect(response.attempts == 2)
    }

    @Test func malformedBody() async throws {
        // A malformed body is not retried, so each failing call consumes one fault of the pending turn.
        let server = try startedServer([.text("x", faults: [.malformedBody, .malformedBody])])
        defer { server.stop() }
        let e1 = await #expect(throws: ModelError.self) { try await openAI(server).complete(simpleRequest()) }
        #expect(e1?.code == .malformedResponse)
        #expect(e1?.attempts == 1)
        let e2 = await #expect(throws: ModelError.self) { try await openAI(server).complete(simpleRequest()) }
        #expect(e2?.code == .malformedResponse)
        #expect(try await openAI(server).complete(simpleRequest()).text == "x")
        let server2 = try startedServer([.text("x", faults: [.malformedBody, .malformedBody])])
        defer { server2.stop() }
        let e3 = await #expect(throws: ModelError.self) { _ = try await collect(openAI(server2).stream(simpleRequest())) }
        #expect(e3?.code == .malformedResponse)
        let e4 = await #expect(throws: ModelError.self) { try await anthropic(server2).complete(simpleRequest()) }
        #expect(e4?.code == .malformedResponse)
    }

    @Test func replyCutHalfWayIsRetriedThenServed() async throws {
        let server = try startedServer([.text("the whole answer", faults: [.truncated])])
        defer { server.stop() }
        let response = try await openAI(server).complete(simpleRequest())
        #expect(response.text == "the whole answer")
        #expect(response.attempts == 2)
        #expect(server.requestCount == 2)
    }

    @Test func streamCutMidWayEndsInAConnectionErrorNeverInADoneAnswer() async throws {
        // Once events have been delivered a stream is not retried (they cannot be taken back): it fails.
        let server = try startedServer([.text("a long answer that is cut in the middle", faults: [.truncated])])
        defer { server.stop() }
        let error = await #expect(throws: ModelError.self) {
            _ = try await collect(openAI(server).stream(simpleRequest()))
        }
        #expect(error?.code == .connection)
        let anthropicServer = try startedServer([.text("cut short", faults: [.truncated])])
        defer { anthropicServer.stop() }
        let cut = await #expect(throws: ModelError.self) {
            _ = try await collect(anthropic(anthropicServer).stream(simpleRequest()))
        }
        #expect(cut?.code == .connection)
    }

    @Test func connectionRefusedIsRetriedAsConnectionError() async throws {
        let server = try startedServer([])
        let base = server.openAIBaseURL
        server.stop()
        try await Task.sleep(nanoseconds: 50_000_000)
        let sleeps = SleepRecorder()
        let client = OpenAIChatClient(baseURL: base, apiKey: testKey, retryPolicy: sleeps.policy())
        let error = await #expect(throws: ModelError.self) { try await client.complete(simpleRequest()) }
        #expect(error?.code == .connection)
        #expect(error?.attempts == 4)
        #expect(sleeps.recorded.count == 3)
    }

    @Test func keyIsRedactedFromErrorMessages() async throws {
        let echo = HTTPResponseSpec(status: 401, headers: [:], body: Array("invalid key \(testKey)".utf8))
        let client = OpenAIChatClient(baseURL: "http://127.0.0.1:9/v1", apiKey: testKey, transport: FixedTransport(response: echo), retryPolicy: SleepRecorder().policy())
        let error = await #expect(throws: ModelError.self) { try await client.complete(simpleRequest()) }
        #expect(error?.status == 401)
        #expect(error?.message.contains(testKey) == false)
        #expect(error?.message.contains("[redacted]") == true)
        #expect("\(String(describing: error))".contains(testKey) == false)
    }

    @Test func cancellationStopsAHangingRequest() async throws {
        let server = try startedServer([.text("never", faults: [.hang(seconds: 10)])])
        defer { server.stop() }
        let client = openAI(server)
        let task = Task { try await client.complete(simpleRequest(timeout: 30)) }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        let result = await task.result
        switch result {
        case .success: Issue.record("expected cancellation")
        case let .failure(error): #expect((error as? ModelError)?.code == .cancelled)
        }
    }
}
