import Hummingbird
import NIOConcurrencyHelpers
import O2CLedger

/// The request context: Hummingbird's core, the client's address and, once
/// `AuthenticationMiddleware` has run, the caller.
public struct O2CRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address; failed authentication is limited per address.
    let clientAddress: String
    /// The user of the bearer token, set by `AuthenticationMiddleware`.
    var user: User?
    /// The caller's name for the access log, written by the outermost middleware after the
    /// routes ran (a box, because the context is copied on its way in).
    let caller: NIOLockedValueBox<String?>

    /// A context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        caller = NIOLockedValueBox(nil)
    }

    /// The body limit is enforced by the routes (1 MiB, 413); this is Hummingbird's fallback.
    public var maxUploadSize: Int { 1 << 20 }
}
