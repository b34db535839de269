/// A transport-level HTTP request.
public struct HTTPRequestSpec: Sendable, Equatable {
    /// HTTP method, e.g. `POST`.
    public var method: String
    /// Absolute URL (http or https).
    public var url: String
    /// Request headers (names as given).
    public var headers: [String: String]
    /// Request body bytes.
    public var body: [UInt8]
    /// Whole-transfer timeout in seconds.
    public var timeoutSeconds: Double

    /// Creates a request.
    public init(method: String = "POST", url: String, headers: [String: String] = [:], body: [UInt8] = [], timeoutSeconds: Double = 60) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }
}
