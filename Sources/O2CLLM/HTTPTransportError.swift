/// Failure of the transport itself (no HTTP status available).
public struct HTTPTransportError: Error, Sendable, Equatable {
    /// Kind of transport failure.
    public enum Kind: String, Sendable, Equatable {
        /// The transfer exceeded its timeout.
        case timeout
        /// Could not connect, or the connection broke.
        case connection
        /// The request was cancelled by the caller.
        case cancelled
    }

    /// Kind of transport failure.
    public var kind: Kind
    /// Detail from the transport (e.g. libcurl's error text).
    public var message: String

    /// Creates a transport error.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
