import Hummingbird
import O2CCore
import O2CLedger

/// `POST /v1/actions`: one ledger action through the gate as the token's user, answered as
/// `o2c actions submit --json` — 201 executed, 202 pending_approval, 422 denied or invalid,
/// 409 when the Idempotency-Key was used with other arguments. A sales rep may only name their
/// own customers' documents. `"as": "agent:NAME"|"system:NAME"` is for admins, and the record
/// names the admin.
struct ActionRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.post("/v1/actions") { request, context in try await submit(request, context) }
    }

    private func submit(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let user = context.user
        let key = try api.idempotencyKey(request, user)
        let action: ActionRequest
        do {
            var document = try await api.jsonObject(request, allowed: ["action", "args", "reason", "as"],
                                                    example: "{\"action\": \"set_credit_limit\", \"args\": {...}}")
            let actor = try Self.actor(document["as"], user: user)
            document["as"] = nil
            action = try ActionRequest.parse(document: .object(document), actor: actor, idempotencyKey: key).get()
        } catch let e as ArgumentErrors {
            return Self.invalid(e.messages)
        } catch let e as APIError where e.status == .unprocessableContent {
            return Self.invalid([e.message])
        }
        let outcome = try await api.inScope(context) { scope in
            try scope.checkArguments(action.args)
            return try scope.ledger.submit(action)
        }
        if let conflict = API.idempotencyConflict(outcome) { throw conflict }
        switch outcome {
        case .executed: return API.json(outcome.json, status: .created)
        case .pendingApproval: return API.json(outcome.json, status: .accepted)
        case .denied, .invalid: return API.json(outcome.json, status: .unprocessableContent)
        }
    }

    /// 422 with the `invalid` outcome, as the gate answers a bad request.
    private static func invalid(_ messages: [String]) -> Response {
        API.json(GateOutcome.invalid(messages: messages).json, status: .unprocessableContent)
    }

    /// The caller, or for an admin the agent or system component named by `as`.
    ///
    /// The one place that says who acts for whom. Until `Actor` carries `onBehalfOf`, the admin
    /// is named by the idempotency key (`http:ADMIN:KEY`), which the audit record keeps; once it
    /// exists, pass `onBehalfOf: user.name` here.
    static func actor(_ value: JSONValue?, user: User) throws -> Actor {
        guard let value, value != .null else { return .user(user.name) }
        guard user.role == .admin else {
            throw APIError(status: .forbidden, code: "admins_only", message: "acting as an agent or a system component is for admins; \(user.name) is a \(user.role.rawValue)")
        }
        guard let text = value.stringValue, let actor = Actor(parsing: text), actor.kind != .user, text.contains(":") else {
            throw APIError.unprocessable("invalid", "\"as\" must be \"agent:NAME\" or \"system:NAME\"")
        }
        // The admin who acts as a component is recorded as the person it acted for (audit, SoD).
        return Actor(kind: actor.kind, name: actor.name, onBehalfOf: user.name)
    }
}
