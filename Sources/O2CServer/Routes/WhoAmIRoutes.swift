import Hummingbird
import O2CCore

/// `GET /v1/whoami`: the token's user (`{name, role, approval_limit, currency}`), so a client such
/// as `o2c login` can check a token and say whom it acts as.
struct WhoAmIRoutes {
    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.get("/v1/whoami") { _, context in
            var me = context.user.json.objectValue ?? JSONObject()
            me["revoked"] = nil
            me["currency"] = context.user.approvalLimit.map { .string($0.currency.code) } ?? .null
            return API.json(.object(me))
        }
    }
}
