import Foundation

/// A buffered transport-level HTTP response.
public struct HTTPResponseSpec: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Response headers with lower-cased names (last value wins).
    public var headers: [String: String]
    /// Response body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `Retry-After` in seconds, when present as a non-negative number.
    public var retryAfterSeconds: Double? {
        guard let raw = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), let v = Double(raw), v >= 0 else { return nil }
        return v
    }
}
