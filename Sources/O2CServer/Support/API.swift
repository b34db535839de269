import Foundation
import Hummingbird
import Logging
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM

/// What the routes share: the settings, the ledger behind its executor, the sales assistant,
/// and the plumbing of reading a request and answering JSON.
final class API: Sendable {
    let config: ServerConfig
    let ledger: Ledger
    let executor: LedgerExecutor
    let runner: AgentRunner?
    let profile: AgentProfile?
    let idempotencyKeyMax = 128

    init(config: ServerConfig) throws {
        self.config = config
        self.ledger = config.ledger
        let home = config.home
        self.profile = home.catalog().profile(named: "sales-assistant")
        let executor = LedgerExecutor(threads: config.ledgerThreads, ledger: config.ledger)
        self.executor = executor
        if let client = config.modelClient {
            let content: any ContentGuard
            do { content = try home.contentGuard() } catch { throw ServerSetupError(message: error.message) }
            runner = AgentRunner(ledger: config.ledger, assembler: home.assembler(), content: content,
                                 client: client, modelOverride: config.modelOverride, requestTimeoutSeconds: config.modelTimeoutSeconds,
                                 executor: executor)
        } else {
            runner = nil
        }
    }

    // MARK: the ledger

    /// Runs ledger calls on the ledger's threads; a `LedgerError` becomes 404 (not found) or 500.
    func withLedger<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        let ledger = self.ledger
        do {
            return try await executor.perform { try body(ledger) }
        } catch let e as APIError {
            throw e
        } catch {
            throw storage(error)
        }
    }

    /// Runs ledger calls in the caller's scope on the ledger's threads.
    func inScope<T: Sendable>(_ context: AuthenticatedContext, _ body: @escaping @Sendable (CallerScope) throws -> T) async throws -> T {
        let user = context.user
        return try await withLedger { ledger in try body(CallerScope(ledger: ledger, user: user)) }
    }

    /// `GET path` answering one document (`{id}`) that the caller's scope lets them see.
    func documentRoute<T: CustomerDocument>(_ path: RouterPath, _ what: String, on routes: RouterGroup<AuthenticatedContext>,
                                            _ read: @escaping @Sendable (Ledger, String) throws(LedgerError) -> T) {
        routes.get(path) { _, context in
            let id = try API.parameter(context, "id")
            return API.json(try await self.inScope(context) { scope in
                try scope.document(what, id) { (id) throws(LedgerError) in try read(scope.ledger, id) }
            })
        }
    }

    func storage(_ error: any Error) -> APIError {
        if let e = error as? LedgerError, e.code == .notFound { return .notFound(e.message) }
        config.logger.error("ledger failed", metadata: ["error": .string("\(error)")])
        return APIError(status: .internalServerError, code: "storage", message: "the ledger could not be read; the server log has the details")
    }

    // MARK: requests and answers

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(writing: value, status: status, headers: headers)
    }

    /// A JSON answer: `value`'s compact bytes (a read model's without a `JSONValue` in between).
    static func json(_ value: some JSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        json(writing: value, status: status, headers: headers)
    }

    private static func json(writing value: some JSONWritable, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        var writer = JSONWriter(capacity: 1024)
        value.write(to: &writer)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// The request body as JSON, after the content type and size checks.
    func jsonBody(_ incoming: Request) async throws -> JSONValue {
        var request = incoming
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/json" else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send the body as Content-Type: application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > config.maxBodyBytes { throw APIError.bodyTooLarge }
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: config.maxBodyBytes) } catch let e as HTTPError where e.status == .contentTooLarge {
            throw APIError.bodyTooLarge
        }
        do {
            return try JSONParser().parse(bytes: Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("malformed_json", "the body is not valid JSON: \(error.description)")
        }
    }

    /// The body as a JSON object whose members are all among `allowed`.
    func jsonObject(_ request: Request, allowed: [String], example: String) async throws -> JSONObject {
        guard case .object(let fields) = try await jsonBody(request) else {
            throw APIError.unprocessable("invalid", "the body must be a JSON object like \(example)")
        }
        for k in fields.keys where !allowed.contains(k) {
            throw APIError.unprocessable("invalid", "unknown member \"\(k)\"; allowed: \(allowed.joined(separator: ", "))")
        }
        return fields
    }

    static func parameter(_ context: AuthenticatedContext, _ name: String) throws -> String {
        guard let v = context.parameters.get(name), !v.isEmpty else { throw APIError.badRequest("bad_request", "missing \(name)") }
        return v
    }

    /// The Idempotency-Key header, namespaced by the caller: two people choosing the same key
    /// never see each other's results, and the ledger's audit record names who sent it.
    func idempotencyKey(_ request: Request, _ user: User) throws -> String {
        guard let key = try optionalIdempotencyKey(request) else {
            throw APIError.badRequest("missing_idempotency_key", "send an Idempotency-Key header (1 to \(idempotencyKeyMax) characters) so a retry is safe")
        }
        return "http:\(user.name):\(key)"
    }

    /// The Idempotency-Key header as sent (nil when absent), 1 to `idempotencyKeyMax` characters.
    func optionalIdempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value else { return nil }
        guard !key.isEmpty, key.count <= idempotencyKeyMax else {
            throw APIError.badRequest("bad_idempotency_key", "the Idempotency-Key header must be 1 to \(idempotencyKeyMax) characters")
        }
        return key
    }

    /// The gate's answer when the key was used before with other arguments. The gate reports it
    /// as `invalid` with this one message (it has no outcome of its own yet).
    static func idempotencyConflict(_ outcome: GateOutcome) -> APIError? {
        guard case .invalid(let messages) = outcome, messages.count == 1,
              messages[0].hasPrefix("idempotency key '"), messages[0].contains("already used") else { return nil }
        return .conflict("idempotency_conflict", "this Idempotency-Key was already used with another body; use a new key for a new request")
    }
}
