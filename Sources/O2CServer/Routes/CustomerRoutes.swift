import Hummingbird
import O2CCore
import O2CLedger

/// `GET /v1/customers`, `/v1/customers/{id}`, `/v1/customers/{id}/credit`.
struct CustomerRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.get("/v1/customers") { _, context in
            // Every customer in the caller's scope: a client never gets a list cut short without a word.
            API.json(try await api.inScope(context) { scope in
                ["customers": .array(try scope.ledger.customers(ListFilter(owner: scope.owner, limit: Int.max)).map(\.json))]
            })
        }
        routes.get("/v1/customers/{id}") { _, context in
            let id = try API.parameter(context, "id")
            return API.json(try await api.inScope(context) { try $0.customer(id) })
        }
        routes.get("/v1/customers/{id}/credit") { _, context in
            let id = try API.parameter(context, "id")
            let c = try await api.inScope(context) { try $0.customer(id) }.json
            var o = JSONObject()
            o["customer_id"] = c["id"] ?? .null
            for key in ["credit_limit", "credit_currency", "exposure", "available_credit", "overdue_amount", "max_days_overdue", "on_hold", "hold_reason"] {
                o[key] = c[key] ?? .null
            }
            return API.json(.object(o))
        }
    }
}
