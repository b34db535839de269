/// A model provider that can answer a `ModelRequest`.
public protocol ModelClient: Sendable {
    /// Sends the request and returns the complete response, retrying transient faults.
    func complete(_ request: ModelRequest) async throws -> ModelResponse
    /// Sends the request with streaming enabled; ends with `.done` or throws a `ModelError`.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelStreamEvent, Error>
}
