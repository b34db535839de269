import Hummingbird
import O2CAgents
import O2CCore
import O2CLedger

/// `POST /v1/ask`: a question to the sales assistant, its read tools restricted to the caller's
/// customers; JSON, or server-sent events `tool_call`, `delta`, `done`.
struct AskRoutes {
    let api: API
    let questionMax = 4_000

    func register(on routes: RouterGroup<AuthenticatedContext>) {
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
            throw APIError(status: .internalServerError, code: "no_agent", message: "the sales-assistant agent is missing from \(api.config.home)/agents")
        }
        let scope = ToolScope(owner: context.user.role == .salesRep ? context.user.name : nil)
        let agentInput = input
        guard request.headers[.accept]?.contains("text/event-stream") ?? false else {
            let result = await runner.run(profile, input: agentInput, scope: scope)
            ServerMetrics.record(result)
            return API.json(Self.answer(result))
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (events, continuation) = AsyncStream<RunEvent>.makeStream()
            let run = Task {
                let result = await runner.run(profile, input: agentInput, scope: scope) { continuation.yield($0) }
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
            let result = await run.value
            ServerMetrics.record(result)
            try await writer.write(Self.sse("done", Self.answer(result)))
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
