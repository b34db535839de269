import O2CCore

/// An HTTP request received by `ScriptedModelServer`.
public struct RecordedRequest: Sendable, Equatable {
    /// HTTP method.
    public var method: String
    /// Request target path (including any query).
    public var path: String
    /// Headers with lower-cased names.
    public var headers: [String: String]
    /// Body as UTF-8 text.
    public var body: String

    /// Creates a record.
    public init(method: String, path: String, headers: [String: String], body: String) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The body parsed as JSON, if it is JSON.
    public var json: JSONValue? { try? JSONParser().parse(body) }
}
