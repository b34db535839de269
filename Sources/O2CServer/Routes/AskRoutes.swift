import Hummingbird
import O2CAgents
import O2CCore
import O2CLedger

/// `POST /v1/ask`: a question to the sales assistant, run on behalf of the caller (who then cannot
/// approve what it proposes), its tools restricted to the caller's customers when the caller is a
/// sales rep; JSON, or server-sent events `tool_call`, `delta`, `done`. An optional
/// `Idempotency-Key` makes a retry return the first answer instead of asking again.
struct AskRoutes {
    let api: API
    let questionMax = 4_000

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        // The ask stays on the ledger threads the route started on: the run's ledger calls (its
        // record, the read tools) happen there in place between its waits on the model
        // (`AgentRunner.executor`); each hop to a ledger thread and back was two thread wake-ups.
        routes.post("/v1/ask") { request, context in try await ask(request, context) }
    }

    private func ask(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let fields = try await api.jsonObject(request, allowed: ["question", "customer_id"], example: "{\"question\": \"...\"}")
        guard let question = fields["question"]?.stringValue, !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.unprocessable("invalid", "\"question\" is required and must be a non-empty string")
        }
        guard question.count <= questionMax else {
            throw APIError.unprocessable("question_too_long", "the question is \(question.count) characters; at most \(questionMax)")
        }
        var input = question
        if let cid = fields["customer_id"], cid != .null {
            guard let id = cid.stringValue else { throw APIError.unprocessable("invalid", "\"customer_id\" must be a string") }
            _ = try await api.inScope(context) { try $0.customer(id) }
            input += "\n\n(The question is about customer \(id).)"
        }
        guard let runner = api.runner else {
            throw APIError(status: .serviceUnavailable, code: "no_model",
                           message: "no model endpoint is configured; set O2C_LLM_BASE_URL (and O2C_LLM_MODEL, O2C_LLM_API_KEY) and restart")
        }
        guard let profile = api.profile else {
            throw APIError(status: .internalServerError, code: "no_agent", message: "the sales-assistant agent is missing from \(api.config.home.agentsDirectory)")
        }
        let scope = ToolScope(owner: context.user.role == .salesRep ? context.user.name : nil)
        let user = context.user.name
        let agentInput = input
        // With an Idempotency-Key the same question from the same user is answered by the run it
        // started: settled before any byte of the answer, so a conflict is still a 409.
        let claimed: ClaimedRun?
        if let key = try api.optionalIdempotencyKey(request) {
            switch try await settle(runner, profile, agentInput, requestKey: "ask:\(user):\(key)", user: user) {
            case .run(let run): claimed = run
            case .answered(let stored): return Self.respond(request, stored)
            }
        } else {
            claimed = nil
        }
        let run: @Sendable (_ onEvent: (@Sendable (RunEvent) -> Void)?) async -> RunResult = { onEvent in
            if let claimed { return await runner.run(claimed, scope: scope, onEvent: onEvent) }
            return await runner.run(profile, input: agentInput, scope: scope, onBehalfOf: user, onEvent: onEvent)
        }
        guard Self.wantsStream(request) else {
            let result = await run(nil)
            ServerMetrics.record(result)
            return API.json(Self.answer(result))
        }
        return Self.stream { continuation in
            let result = await run { continuation.yield($0) }
            ServerMetrics.record(result)
            return result
        }
    }

    /// A keyed question: the claimed run to execute, or the stored result of the run that
    /// answered it already (waiting while that run is still going, up to its time limit).
    private func settle(_ runner: AgentRunner, _ profile: AgentProfile, _ input: String, requestKey: String,
                        user: String) async throws -> Settled {
        let deadline = ContinuousClock.now + .seconds(profile.limits.timeoutSeconds + 5)
        while true {
            switch await runner.claim(profile, input: input, requestKey: requestKey, onBehalfOf: user) {
            case .claimed(let run): return .run(run)
            case .finished(let result), .failed(let result): return .answered(result)
            case .conflict:
                throw APIError.conflict("idempotency_conflict", "this Idempotency-Key was already used with another question; use a new key for a new question")
            case .running(let id):
                guard ContinuousClock.now < deadline else {
                    throw APIError.conflict("ask_in_progress", "\(id) is still answering the question sent with this Idempotency-Key; retry later")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// A keyed question, settled: a run to execute, or the answer it already has.
    private enum Settled {
        case run(ClaimedRun)
        case answered(RunResult)
    }

    /// A stored answer, as JSON or as the same events a live run streams.
    private static func respond(_ request: Request, _ result: RunResult) -> Response {
        guard wantsStream(request) else { return API.json(answer(result)) }
        return stream { continuation in
            for call in result.toolCalls { continuation.yield(.toolCall(call)) }
            if !result.answer.isEmpty { continuation.yield(.delta(result.answer)) }
            return result
        }
    }

    private static func wantsStream(_ request: Request) -> Bool { request.headers[.accept]?.contains("text/event-stream") ?? false }

    /// Server-sent events `tool_call` and `delta` as `produce` reports them, then `done`.
    private static func stream(_ produce: @escaping @Sendable (AsyncStream<RunEvent>.Continuation) async -> RunResult) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (events, continuation) = AsyncStream<RunEvent>.makeStream()
            let run = Task {
                let result = await produce(continuation)
                continuation.finish()
                return result
            }
            for await event in events {
                switch event {
                case .toolCall(let call):
                    try await writer.write(Self.sse("tool_call", ["tool": .string(call.tool), "arguments": call.arguments, "outcome": .string(call.outcome)]))
                case .delta(let text):
                    try await writer.write(Self.sse("delta", ["text": .string(text)]))
                }
            }
            try await writer.write(Self.sse("done", Self.answer(await run.value)))
            try await writer.finish(nil)
        })
    }

    static func answer(_ r: RunResult) -> JSONValue {
        var o: JSONObject = [
            "answer": .string(r.answer), "run_id": .string(r.runID), "state": .string(r.state.rawValue),
            "tool_calls": .array(r.toolCalls.map { ["tool": .string($0.tool), "arguments": $0.arguments, "outcome": .string($0.outcome)] }),
            "usage": ["input_tokens": .int(r.inputTokens), "output_tokens": .int(r.outputTokens)],
            "approval_ids": .array(r.approvalIDs.map { .string($0) }),
        ]
        o["reason"] = r.reason.map { .string($0) } ?? .null
        return .object(o)
    }

    static func sse(_ event: String, _ data: JSONValue) -> ByteBuffer {
        ByteBuffer(string: "event: \(event)\ndata: \(data.serialized())\n\n")
    }
}
