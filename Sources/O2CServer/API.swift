import Foundation
import Hummingbird
import Logging
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM

/// The routes of SPEC §11 and what they need.
final class API: Sendable {
    let config: ServerConfig
    let ledger: Ledger
    let logger: Logger
    let metrics = Metrics()
    let limiter: RateLimiter
    let runner: AgentRunner?
    let profile: AgentProfile?
    let idempotencyKeyMax = 128
    let questionMax = 4_000

    init(config: ServerConfig) throws {
        self.config = config
        self.ledger = config.ledger
        self.logger = config.logger
        self.limiter = RateLimiter(rate: config.requestsPerSecondPerToken, burst: config.requestBurstPerToken, clock: config.clock)
        let catalog = AgentCatalog.load(home: config.home, guardrails: try? GuardrailSet.load(directory: config.home + "/guardrails").get())
        self.profile = catalog.profile(named: "sales-assistant")
        if let client = config.modelClient {
            let content: any ContentGuard
            do { content = try AgentHome.contentGuard(home: config.home) } catch {
                throw ServerSetupError(message: "the content guardrails in \(config.home)/guardrails/content are broken: \(error)")
            }
            runner = AgentRunner(ledger: config.ledger, assembler: PromptAssembler(promptsDirectory: config.home + "/prompts"), content: content,
                                 client: client, modelOverride: config.modelOverride, requestTimeoutSeconds: config.modelTimeoutSeconds)
        } else {
            runner = nil
        }
    }

    typealias Context = O2CRequestContext

    func register(_ router: Router<Context>) {
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/metrics") { [self] _, _ in
            let pending = try? ledger.approvalRequests(status: "pending").count
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render(approvalsPending: pending))))
        }
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        router.get("/v1/customers") { [self] req, ctx in try await self.guarded { try self.listCustomers(req, ctx) } }
        router.get("/v1/customers/{id}") { [self] req, ctx in try await self.guarded { try self.getCustomer(req, ctx) } }
        router.get("/v1/customers/{id}/credit") { [self] req, ctx in try await self.guarded { try self.getCredit(req, ctx) } }
        router.get("/v1/orders/{id}") { [self] req, ctx in try await self.guarded { try self.getOrder(req, ctx) } }
        router.get("/v1/invoices/{id}") { [self] req, ctx in try await self.guarded { try self.getInvoice(req, ctx) } }
        router.get("/v1/inventory/{sku}") { [self] req, ctx in try await self.guarded { try self.getInventory(req, ctx) } }
        router.post("/v1/orders") { [self] req, ctx in try await self.guarded { try await self.postOrder(req, ctx) } }
        router.post("/v1/ask") { [self] req, ctx in try await self.guarded { try await self.ask(req, ctx) } }
    }

    // MARK: plumbing

    /// Runs a handler under the request timeout (503 `timeout` when it is exceeded).
    func guarded(_ body: @escaping @Sendable () async throws -> Response) async throws -> Response {
        let seconds = config.requestTimeoutSeconds
        return try await withThrowingTaskGroup(of: Response?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw APIError(status: .serviceUnavailable, code: "timeout", message: "the request took longer than \(Int(seconds)) s")
            }
            return response
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// The caller of `Authorization: Bearer TOKEN`, after the rate limit.
    func authenticate(_ request: Request, _ context: Context) throws -> User {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("send 'Authorization: Bearer TOKEN' with a token from 'o2c users token NAME'")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        let user: User?
        do { user = try ledger.authenticate(token: token) } catch { throw storage(error) }
        guard let user else { throw APIError.unauthorized("the token is unknown or was revoked") }
        context.caller.withLock { $0 = user.name }
        if let wait = limiter.take(user.name) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw APIError(status: .tooManyRequests, code: "rate_limited",
                           message: "more than \(Int(limiter.rate)) requests per second for this token; retry after \(seconds) s",
                           headers: [.retryAfter: String(seconds)])
        }
        return user
    }

    /// The owner a sales rep is restricted to; nil for every other role.
    func scopeOwner(_ user: User) -> String? { user.role == .salesRep ? user.name : nil }

    func storage(_ error: any Error) -> APIError {
        if let e = error as? LedgerError, e.code == .notFound { return .notFound(e.message) }
        logger.error("ledger failed", metadata: ["error": .string("\(error)")])
        return APIError(status: .internalServerError, code: "storage", message: "the ledger could not be read; the server log has the details")
    }

    /// The request body as JSON, after the content type and size checks.
    func jsonBody(_ request: inout Request) async throws -> JSONValue {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/json" else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send the body as Content-Type: application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > config.maxBodyBytes {
            throw APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body is over 1 MiB")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: config.maxBodyBytes) } catch let e as HTTPError where e.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body is over 1 MiB")
        }
        do {
            return try JSONParser().parse(bytes: Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("malformed_json", "the body is not valid JSON: \(error.description)")
        }
    }

    func parameter(_ context: Context, _ name: String) throws -> String {
        guard let v = context.parameters.get(name), !v.isEmpty else { throw APIError.badRequest("bad_request", "missing \(name)") }
        return v
    }

    /// A customer the caller may see; for a sales rep a missing and a foreign customer get the same 403.
    func visibleCustomer(_ id: String, _ user: User) throws -> JSONValue {
        let c: JSONValue
        do { c = try ledger.customer(id) } catch where error.code == .notFound {
            if scopeOwner(user) != nil { throw APIError.outsideScope("customer \(id)") }
            throw APIError.notFound("customer \(id) does not exist")
        } catch { throw storage(error) }
        if let owner = scopeOwner(user), c["owner"]?.stringValue != owner { throw APIError.outsideScope("customer \(id)") }
        return c
    }

    /// A document (order, invoice) whose customer the caller may see.
    func visibleDocument(_ what: String, _ id: String, _ user: User, _ read: (String) throws(LedgerError) -> JSONValue) throws -> JSONValue {
        let doc: JSONValue
        do { doc = try read(id) } catch let e where e.code == .notFound {
            if scopeOwner(user) != nil { throw APIError.outsideScope("\(what) \(id)") }
            throw APIError.notFound("\(what) \(id) does not exist")
        } catch { throw storage(error) }
        if let owner = scopeOwner(user) {
            let customerID = doc["customer_id"]?.stringValue ?? ""
            let facts: CustomerFacts?
            do { facts = try ledger.customerFacts(customerID) } catch { throw storage(error) }
            guard facts?.owner == owner else { throw APIError.outsideScope("\(what) \(id)") }
        }
        return doc
    }

    // MARK: reads

    func listCustomers(_ request: Request, _ context: Context) throws -> Response {
        let user = try authenticate(request, context)
        do {
            return Self.json(["customers": .array(try ledger.customers(ListFilter(owner: scopeOwner(user))))])
        } catch { throw storage(error) }
    }

    func getCustomer(_ request: Request, _ context: Context) throws -> Response {
        let user = try authenticate(request, context)
        return Self.json(try visibleCustomer(try parameter(context, "id"), user))
    }

    func getCredit(_ request: Request, _ context: Context) throws -> Response {
        let user = try authenticate(request, context)
        let c = try visibleCustomer(try parameter(context, "id"), user)
        var o = JSONObject()
        o["customer_id"] = c["id"] ?? .null
        for key in ["credit_limit", "credit_currency", "exposure", "available_credit", "overdue_amount", "max_days_overdue", "on_hold", "hold_reason"] {
            o[key] = c[key] ?? .null
        }
        return Self.json(.object(o))
    }

    func getOrder(_ request: Request, _ context: Context) throws -> Response {
        let user = try authenticate(request, context)
        let ledger = self.ledger
        return Self.json(try visibleDocument("order", try parameter(context, "id"), user) { (id) throws(LedgerError) in try ledger.order(id) })
    }

    func getInvoice(_ request: Request, _ context: Context) throws -> Response {
        let user = try authenticate(request, context)
        let ledger = self.ledger
        return Self.json(try visibleDocument("invoice", try parameter(context, "id"), user) { (id) throws(LedgerError) in try ledger.invoice(id) })
    }

    func getInventory(_ request: Request, _ context: Context) throws -> Response {
        _ = try authenticate(request, context)
        let sku = try parameter(context, "sku")
        do { return Self.json(try ledger.inventory(sku: sku)) } catch where error.code == .notFound {
            throw APIError.notFound("SKU \(sku) does not exist")
        } catch { throw storage(error) }
    }

    // MARK: order intake

    func postOrder(_ incoming: Request, _ context: Context) async throws -> Response {
        var request = incoming
        let user = try authenticate(request, context)
        guard let key = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value, !key.isEmpty else {
            throw APIError.badRequest("missing_idempotency_key", "send an Idempotency-Key header (1 to \(idempotencyKeyMax) characters) so a retry is safe")
        }
        guard key.count <= idempotencyKeyMax else {
            throw APIError.badRequest("bad_idempotency_key", "the Idempotency-Key header must be 1 to \(idempotencyKeyMax) characters")
        }
        let body = try await jsonBody(&request)
        guard case .object(let fields) = body else {
            throw APIError.unprocessable("invalid", "the body must be a JSON object like {\"customer_id\": \"C-001\", \"lines\": [{\"sku\": \"WID-100\", \"quantity\": 5}]}")
        }
        guard let customerID = fields["customer_id"]?.stringValue else {
            throw APIError.unprocessable("invalid", "\"customer_id\" is required and must be a string", ["customer_id: required string"])
        }
        if let owner = scopeOwner(user) {
            let facts: CustomerFacts?
            do { facts = try ledger.customerFacts(customerID) } catch { throw storage(error) }
            guard facts?.owner == owner else { throw APIError.outsideScope("customer \(customerID)") }
        }
        // Keys are per user: two callers choosing the same key never see each other's orders.
        let action = ActionRequest(action: .createOrder, args: body, actor: .user(user.name), idempotencyKey: "http:\(user.name):\(key)")
        let outcome: GateOutcome
        do { outcome = try ledger.submit(action) } catch { throw storage(error) }
        switch outcome {
        case .executed(let result):
            var order: JSONValue
            do { order = try ledger.order(result.id) } catch { throw storage(error) }
            if case .object(var o) = order {
                o["history"] = nil
                order = .object(o)
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.location] = "/v1/orders/\(result.id)"
            return Response(status: .created, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: order.serialized())))
        case .pendingApproval(let id, let rules):
            return Self.json(["approval_id": .string(id), "messages": .array(outcome.messages.map { .string($0) }),
                              "rules": .array(rules.map(\.json))], status: .accepted)
        case .denied(let rules):
            throw APIError(status: .unprocessableContent, code: "denied", message: "the guardrails refused this order",
                           messages: rules.map { "\($0.file): \($0.name): \($0.message)" })
        case .invalid(let messages):
            if messages.count == 1, messages[0].hasPrefix("idempotency key '"), messages[0].contains("already used") {
                throw APIError(status: .conflict, code: "idempotency_conflict",
                               message: "Idempotency-Key '\(key)' was already used with another body; use a new key for a new order")
            }
            throw APIError.unprocessable("invalid", messages.first ?? "the order is not valid", messages)
        }
    }

    // MARK: questions

    func ask(_ incoming: Request, _ context: Context) async throws -> Response {
        var request = incoming
        let user = try authenticate(request, context)
        let body = try await jsonBody(&request)
        guard case .object(let fields) = body else {
            throw APIError.unprocessable("invalid", "the body must be a JSON object like {\"question\": \"...\"}")
        }
        for k in fields.keys where !["question", "customer_id"].contains(k) {
            throw APIError.unprocessable("invalid", "unknown member \"\(k)\"; allowed: question, customer_id")
        }
        guard let question = fields["question"]?.stringValue, !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.unprocessable("invalid", "\"question\" is required and must be a non-empty string")
        }
        guard question.count <= questionMax else {
            throw APIError.unprocessable("question_too_long", "the question is \(question.count) characters; at most \(questionMax)")
        }
        var input = question
        if let cid = fields["customer_id"], cid != .null {
            guard let id = cid.stringValue else { throw APIError.unprocessable("invalid", "\"customer_id\" must be a string") }
            _ = try visibleCustomer(id, user)
            input += "\n\n(The question is about customer \(id).)"
        }
        guard let runner else {
            throw APIError(status: .serviceUnavailable, code: "no_model",
                           message: "no model endpoint is configured; set O2C_LLM_BASE_URL (and O2C_LLM_MODEL, O2C_LLM_API_KEY) and restart")
        }
        guard let profile else {
            throw APIError(status: .internalServerError, code: "no_agent", message: "the sales-assistant agent is missing from \(config.home)/agents")
        }
        let scope = ToolScope(owner: scopeOwner(user))
        let agentInput = input
        let metrics = self.metrics
        let streaming = request.headers[.accept]?.contains("text/event-stream") ?? false
        if !streaming {
            let result = await runner.run(profile, input: agentInput, scope: scope)
            metrics.recordRun(state: result.state.rawValue, inputTokens: result.inputTokens, outputTokens: result.outputTokens)
            return Self.json(Self.answer(result))
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
            metrics.recordRun(state: result.state.rawValue, inputTokens: result.inputTokens, outputTokens: result.outputTokens)
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

