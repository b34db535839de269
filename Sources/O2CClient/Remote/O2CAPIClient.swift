import Foundation
import O2CCore
import O2CLLM

/// A client of `o2c serve`'s HTTP API (openapi.yaml) over the libcurl transport the model
/// providers use, authenticated with one person's token. Errors name the server and carry the
/// server's own message.
public struct O2CAPIClient: Sendable {
    /// The server and token.
    public let endpoint: RemoteEndpoint
    private let transport: any HTTPTransport
    private let timeoutSeconds: Double

    /// A client; `timeoutSeconds` bounds each request.
    public init(endpoint: RemoteEndpoint, transport: any HTTPTransport = CurlTransport.shared, timeoutSeconds: Double = 30) {
        self.endpoint = endpoint
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
    }

    /// A JSON answer and its status.
    public struct Answer: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The body.
        public let body: JSONValue
    }

    /// `GET path?query`; any status but 2xx throws.
    public func get(_ path: String, query: [(String, String)] = []) async throws(O2CClientError) -> JSONValue {
        let q = query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await send("GET", path + (q.isEmpty ? "" : "?" + q), body: nil).body
    }

    /// `POST path` with a JSON body; the statuses in `accepting` come back as answers, any other
    /// non-2xx throws.
    public func post(_ path: String, body: JSONValue, headers: [String: String] = [:], accepting: Set<Int> = []) async throws(O2CClientError) -> Answer {
        try await send("POST", path, body: body, headers: headers, accepting: accepting)
    }

    /// `GET /v1/whoami`: `{name, role, approval_limit, currency}` of the token's user.
    public func whoami() async throws(O2CClientError) -> JSONValue { try await get("/v1/whoami") }

    /// A path segment with everything but letters, digits and `-._~` percent-encoded, so an id
    /// cannot reach another route.
    public static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    private func send(_ method: String, _ path: String, body: JSONValue?, headers: [String: String] = [:],
                      accepting: Set<Int> = []) async throws(O2CClientError) -> Answer {
        var fields = headers
        fields["Authorization"] = "Bearer " + endpoint.token
        fields["Accept"] = "application/json"
        if body != nil { fields["Content-Type"] = "application/json" }
        let request = HTTPRequestSpec(method: method, url: endpoint.url + path, headers: fields,
                                      body: body.map { Array($0.serialized().utf8) } ?? [], timeoutSeconds: timeoutSeconds)
        let response: HTTPResponseSpec
        do {
            response = try await transport.send(request)
        } catch let e as HTTPTransportError {
            let why = e.kind == .timeout ? "no answer within \(Int(timeoutSeconds)) s" : e.message
            throw O2CClientError(.unreachable, "cannot reach o2c serve at \(endpoint.url): \(why)")
        } catch {
            throw O2CClientError(.unreachable, "cannot reach o2c serve at \(endpoint.url): \(error)")
        }
        let parsed = try? JSONParser().parse(bytes: response.body)
        if (200..<300).contains(response.status) || accepting.contains(response.status) {
            guard let parsed else {
                throw O2CClientError(.badResponse, "\(endpoint.url) answered \(method) \(path) with something that is not JSON (status \(response.status)); is it an o2c server?",
                                     status: response.status)
            }
            return Answer(status: response.status, body: parsed)
        }
        let code = parsed?["error"]?["code"]?.stringValue
        let message = parsed?["error"]?["message"]?.stringValue ?? "status \(response.status)"
        if response.status == 401 {
            throw O2CClientError(.unauthorized, "\(endpoint.url) did not accept the token (\(message)); run 'o2c login --url \(endpoint.url)' with a valid one",
                                 status: 401, serverCode: code)
        }
        guard code != nil else {
            throw O2CClientError(.badResponse, "\(endpoint.url) answered \(method) \(path) with status \(response.status) and no o2c error; is it an o2c server?",
                                 status: response.status)
        }
        throw O2CClientError(.server, message, status: response.status, serverCode: code)
    }
}
