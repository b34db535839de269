/// Sends HTTP requests; implementations must be safe to call from many tasks concurrently.
public protocol HTTPTransport: Sendable {
    /// Sends a request and buffers the whole response. Throws `HTTPTransportError` on transport failure.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec
    /// Sends a request and returns once the response head is known; body chunks follow on `body`.
    func stream(_ request: HTTPRequestSpec) async throws -> HTTPStreamingResponse
}
