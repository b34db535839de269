import Hummingbird
import O2CCore
import O2CLedger

/// The shared approval queue (SPEC §8, §8.1): `GET /v1/approvals`, `GET /v1/approvals/{id}`,
/// `POST /v1/approvals/{id}/approve|reject`. The approver is always the token's user; the
/// ledger checks role, approval limit, separation of duties and distinct approvers.
struct ApprovalRoutes {
    let api: API
    static let statuses = ["pending", "approved", "rejected", "expired", "executed", "failed"]
    static let limitMax = 1_000_000

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.get("/v1/approvals") { request, context in
            let status = request.uri.queryParameters["status"].map(String.init) ?? "pending"
            guard status == "all" || Self.statuses.contains(status) else {
                throw APIError.badRequest("bad_request", "status must be one of \((Self.statuses + ["all"]).joined(separator: ", "))")
            }
            let role = request.uri.queryParameters["role"].map(String.init)
            if let role, Role(rawValue: role) == nil {
                throw APIError.badRequest("bad_request", "role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let limit = try request.uri.queryParameters["limit"].map { text -> Int in
                guard let n = Int(text), (1...Self.limitMax).contains(n) else {
                    throw APIError.badRequest("bad_request", "limit must be a number from 1 to \(Self.limitMax)")
                }
                return n
            }
            return API.json(.array(try await api.inScope(context) { try $0.approvals(status: status == "all" ? nil : status, role: role, limit: limit) }))
        }
        routes.get("/v1/approvals/{id}") { _, context in
            let id = try API.parameter(context, "id")
            return API.json(try await api.inScope(context) { try $0.approval(id) })
        }
        routes.post("/v1/approvals/{id}/approve") { request, context in try await decide(request, context, approving: true) }
        routes.post("/v1/approvals/{id}/reject") { request, context in try await decide(request, context, approving: false) }
    }

    /// One decision: the request must be visible to the caller and its digest the one the caller
    /// was shown; then the ledger decides with the token's user as the approver. The answer is
    /// the request after the decision, with `decision: {outcome, remaining}` saying what it did.
    private func decide(_ request: Request, _ context: AuthenticatedContext, approving: Bool) async throws -> Response {
        let id = try API.parameter(context, "id")
        let body = try await api.jsonObject(request, allowed: ["note", "digest"], example: "{\"digest\": \"…\", \"note\": \"…\"}")
        guard let digest = body["digest"]?.stringValue, !digest.isEmpty else {
            throw APIError.unprocessable("invalid", "\"digest\" is required: the args_digest of GET /v1/approvals/\(id), the arguments you decide on")
        }
        let note: String?
        switch body["note"] {
        case nil, .null?: note = nil
        case .string(let text)?: note = text
        default: throw APIError.unprocessable("invalid", "\"note\" must be a string")
        }
        let name = context.user.name
        return API.json(try await api.inScope(context) { scope in
            let shown = try scope.approval(id)
            guard shown["args_digest"]?.stringValue == digest else {
                throw APIError.conflict("digest_mismatch", "\(id)'s arguments are not the ones you were shown (digest mismatch); read it again before deciding")
            }
            let result = approving ? try scope.ledger.approve(id, by: name, note: note) : try scope.ledger.reject(id, by: name, note: note)
            let after = try scope.ledger.approvalRequest(id)
            func answer(_ outcome: String, remaining: Int? = nil) -> JSONValue {
                var o = after.objectValue ?? JSONObject()
                o["decision"] = ["outcome": .string(outcome), "remaining": remaining.map { .int($0) } ?? .null]
                return .object(o)
            }
            switch result {
            case .recorded(_, let remaining): return answer("recorded", remaining: remaining)
            case .executed: return answer("executed")
            case .failed: return answer("failed")
            case .rejected: return answer("rejected")
            case .requirementsChanged:
                // Still pending, with today's requirement and why (outcome_reason).
                return answer("requirements_changed")
            case .expired:
                throw APIError.conflict("expired", "\(id) has expired and can no longer be decided; ask for a new request")
            case .refused(_, let reason):
                // A request someone else decided meanwhile is a state conflict; the rest (role,
                // limit, separation of duties, a missing note) is the caller's to fix.
                if after["status"]?.stringValue != "pending" { throw APIError.conflict("not_pending", reason) }
                throw APIError.unprocessable("refused", reason)
            }
        })
    }
}
