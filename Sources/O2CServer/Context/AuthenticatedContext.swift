import Hummingbird
import O2CLedger

/// The context of the routes behind `AuthenticationMiddleware`: the caller is known.
struct AuthenticatedContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The user of the bearer token.
    let user: User

    init(context: O2CRequestContext) throws {
        guard let user = context.user else { throw APIError.unauthorized("send 'Authorization: Bearer TOKEN'") }
        self.coreContext = context.coreContext
        self.user = user
    }

    var maxUploadSize: Int { 1 << 20 }
}
