import Hummingbird
import O2CCore
import O2CLedger

/// `GET /v1/orders/{id}` and order intake, `POST /v1/orders` (through the gate as `user:NAME`).
struct OrderRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        api.documentRoute("/v1/orders/{id}", "order", on: routes) { (ledger, id) throws(LedgerError) in try ledger.order(id) }
        routes.post("/v1/orders") { request, context in try await create(request, context) }
    }

    private func create(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let key = try api.idempotencyKey(request, context.user)
        let body = try await api.jsonBody(request)
        guard body["customer_id"]?.stringValue != nil else {
            guard case .object = body else {
                throw APIError.unprocessable("invalid", "the body must be a JSON object like {\"customer_id\": \"C-001\", \"lines\": [{\"sku\": \"WID-100\", \"quantity\": 5}]}")
            }
            throw APIError.unprocessable("invalid", "\"customer_id\" is required and must be a string", ["customer_id: required string"])
        }
        let action = ActionRequest(action: .createOrder, args: body, actor: .user(context.user.name), idempotencyKey: key)
        let (outcome, order) = try await api.inScope(context) { scope -> (GateOutcome, OrderView?) in
            try scope.checkArguments(body)
            let outcome = try scope.ledger.submit(action)
            guard case .executed(let result) = outcome else { return (outcome, nil) }
            return (outcome, try scope.ledger.order(result.id))
        }
        if let conflict = API.idempotencyConflict(outcome) { throw conflict }
        switch outcome {
        case .executed(let result):
            guard var order else { throw APIError.notFound("order \(result.id) does not exist") }
            order.history = nil
            return API.json(order, status: .created, headers: [.location: "/v1/orders/\(result.id)"])
        case .pendingApproval(let id, let rules):
            return API.json(["approval_id": .string(id), "messages": .array(outcome.messages.map { .string($0) }),
                             "rules": .array(rules.map(\.json))], status: .accepted)
        case .denied(let rules):
            throw APIError(status: .unprocessableContent, code: "denied", message: "the guardrails refused this order",
                           messages: rules.map { "\($0.file): \($0.name): \($0.message)" })
        case .invalid(let messages):
            throw APIError.unprocessable("invalid", messages.first ?? "the order is not valid", messages)
        }
    }
}
