/// A streaming transport-level HTTP response: status and headers, then body chunks as they arrive.
public struct HTTPStreamingResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// Response headers with lower-cased names (last value wins).
    public var headers: [String: String]
    /// Body chunks in arrival order; finishes at end of body or throws an `HTTPTransportError`.
    public var body: AsyncThrowingStream<[UInt8], Error>

    /// Creates a streaming response.
    public init(status: Int, headers: [String: String], body: AsyncThrowingStream<[UInt8], Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when present as a non-negative number.
    public var retryAfterSeconds: Double? {
        HTTPResponseSpec(status: status, headers: headers).retryAfterSeconds
    }
}
