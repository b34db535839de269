import Foundation
#if canImport(Glibc)
import Glibc
#endif
import O2CCore
import O2CLLM
import O2CScriptedModel

/// Records the delays a retry policy asked to sleep, without sleeping.
final class SleepRecorder: Sendable {
    private let delays = Locked<[Double]>([])

    var recorded: [Double] { delays.withLock { $0 } }

    func policy(maxAttempts: Int = 4) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.5, maxDelay: 8, jitterFraction: 0.5, jitter: { 0 }, sleep: { [self] seconds in
            self.delays.withLock { $0.append(seconds) }
        })
    }
}

let testKey = "sk-test-SECRET-1234567890"

/// Raises the soft open-files limit to the hard limit (1,000 in-flight requests need ~2,000 sockets).
func raiseOpenFileLimit() {
    #if canImport(Glibc)
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    var limit = rlimit()
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(resource, &limit)
    #endif
}

func startedServer(_ script: [ScriptedTurn], selection: ScriptedModelServer.TurnSelection = .sequential) throws -> ScriptedModelServer {
    let server = ScriptedModelServer(script: script, turnSelection: selection)
    try server.start()
    return server
}

func openAI(_ server: ScriptedModelServer, policy: RetryPolicy = SleepRecorder().policy(), key: String? = testKey) -> OpenAIChatClient {
    OpenAIChatClient(baseURL: server.openAIBaseURL, apiKey: key, retryPolicy: policy)
}

func anthropic(_ server: ScriptedModelServer, policy: RetryPolicy = SleepRecorder().policy(), key: String? = testKey) -> AnthropicMessagesClient {
    AnthropicMessagesClient(baseURL: server.baseURL, apiKey: key, retryPolicy: policy)
}

let lookupTool = ModelToolSpec(
    name: "lookup_order",
    description: "Look up an order by id",
    parametersJSONSchema: #"{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}"#
)

func simpleRequest(_ text: String = "Hi", tools: [ModelToolSpec] = [], timeout: Double = 10) -> ModelRequest {
    ModelRequest(model: "test-model", system: "You are terse.", messages: [.user(text)], tools: tools, maxTokens: 256, temperature: 0.2, timeoutSeconds: timeout)
}

/// Collects a stream's events.
func collect(_ stream: AsyncThrowingStream<ModelStreamEvent, Error>) async throws -> (deltas: [String], calls: [ModelToolCall], done: ModelResponse?) {
    var deltas: [String] = []
    var calls: [ModelToolCall] = []
    var done: ModelResponse?
    for try await event in stream {
        switch event {
        case let .textDelta(t): deltas.append(t)
        case let .toolCall(c): calls.append(c)
        case let .done(r): done = r
        }
    }
    return (deltas, calls, done)
}

/// A transport that always answers with a fixed response (no network).
struct FixedTransport: HTTPTransport {
    let response: HTTPResponseSpec

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec { response }

    func stream(_ request: HTTPRequestSpec) async throws -> HTTPStreamingResponse {
        let body = response.body
        return HTTPStreamingResponse(status: response.status, headers: response.headers, body: AsyncThrowingStream { c in
            c.yield(body)
            c.finish()
        })
    }
}
