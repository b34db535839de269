import Hummingbird
import O2CCore

/// An error answered as `{"error": {"code", "message"}}` (SPEC §11).
struct APIError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var messages: [String]? = nil
    var headers: HTTPFields = [:]

    var json: JSONValue {
        var inner: JSONObject = ["code": .string(code), "message": .string(message)]
        if let messages { inner["messages"] = .array(messages.map { .string($0) }) }
        return ["error": .object(inner)]
    }

    func response() -> Response { API.json(json, status: status, headers: headers) }

    static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not_found", message: message) }

    /// The one answer for anything a sales rep may not see, whether it exists or not.
    static func outsideScope(_ what: String) -> APIError {
        APIError(status: .forbidden, code: "outside_scope", message: "no \(what) in your accounts")
    }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(status: .badRequest, code: code, message: message) }

    static func unprocessable(_ code: String, _ message: String, _ messages: [String]? = nil) -> APIError {
        APIError(status: .unprocessableContent, code: code, message: message, messages: messages)
    }

    static func conflict(_ code: String, _ message: String) -> APIError { APIError(status: .conflict, code: code, message: message) }

    /// 429 with Retry-After: the whole seconds to wait, at least 1.
    static func rateLimited(seconds wait: Double, code: String, _ message: String) -> APIError {
        let seconds = max(1, Int(wait.rounded(.up)))
        return APIError(status: .tooManyRequests, code: code, message: "\(message); retry after \(seconds) s", headers: [.retryAfter: String(seconds)])
    }

    static let bodyTooLarge = APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body is over 1 MiB")

    /// Maps Hummingbird's own errors (unknown route, body too large) to the JSON shape.
    static func from(_ error: any Error) -> APIError {
        if let e = error as? APIError { return e }
        if let e = error as? HTTPError {
            switch e.status {
            case .notFound: return .notFound("no such route; GET /openapi.yaml lists the routes")
            case .contentTooLarge: return .bodyTooLarge
            case .methodNotAllowed: return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "this route does not take that method")
            default:
                return APIError(status: e.status, code: snake(e.status.reasonPhrase), message: e.body ?? e.status.reasonPhrase)
            }
        }
        return APIError(status: .internalServerError, code: "internal", message: "the server failed; the log has the details")
    }

    static func snake(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
