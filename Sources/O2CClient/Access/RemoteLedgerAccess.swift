import Foundation
import O2CCore
import O2CLedger

/// The ledger behind `o2c serve`, as the person whose token the client holds: the server checks
/// everything the local CLI checks (role, approval limit, separation of duties, scope).
public struct RemoteLedgerAccess: LedgerAccess {
    /// The HTTP client.
    public let client: O2CAPIClient

    /// Access through `client`.
    public init(client: O2CAPIClient) { self.client = client }

    /// The server's URL.
    public var location: String { client.endpoint.url }

    /// This machine's clock.
    public func now() -> Date { Date() }

    /// The queue (`approvals list --json`).
    public func approvals(status: String?, role: String?, limit: Int) async throws -> [JSONValue] {
        var query = [("status", status ?? "all")]
        if let role { query.append(("role", role)) }
        if limit < 1_000_000 { query.append(("limit", String(limit))) }
        return try await array(client.get("/v1/approvals", query: query), "GET /v1/approvals")
    }

    /// One request (`approvals show --json`).
    public func approval(_ id: String) async throws -> JSONValue { try await client.get("/v1/approvals/" + O2CAPIClient.escape(id)) }

    /// A decision bound to `digest`.
    public func decide(_ id: String, approving: Bool, note: String?, digest: String) async throws -> ApprovalResult {
        var body: JSONObject = ["digest": .string(digest)]
        if let note { body["note"] = .string(note) }
        let path = "/v1/approvals/\(O2CAPIClient.escape(id))/\(approving ? "approve" : "reject")"
        let answer = try await client.post(path, body: .object(body), accepting: [409, 422])
        let after = answer.body
        if answer.status != 200 {
            let message = after["error"]?["message"]?.stringValue ?? "status \(answer.status)"
            switch after["error"]?["code"]?.stringValue {
            case "expired": return .expired(id: id)
            case "digest_mismatch": return .digestMismatch(id)
            default: return .refused(id: id, reason: message)
            }
        }
        let reason = after["outcome_reason"]?.stringValue ?? ""
        switch after["decision"]?["outcome"]?.stringValue {
        case "recorded": return .recorded(id: id, remaining: after["decision"]?["remaining"]?.intValue ?? 1)
        case "executed": return .executed(id: id, result: ActionResult(json: after["result"] ?? .null))
        case "failed": return .failed(id: id, reason: reason)
        case "rejected": return .rejected(id: id)
        case "requirements_changed": return .requirementsChanged(id: id, reason: reason)
        default: throw O2CClientError(.badResponse, "\(location) answered POST \(path) without saying what the decision did")
        }
    }

    /// An action through the gate.
    public func submit(_ document: JSONValue, idempotencyKey: String?) async throws -> GateOutcome {
        // The server needs a key; without one from the person, each command is its own request.
        let key = idempotencyKey ?? "cli-" + UUID().uuidString.lowercased()
        let answer = try await client.post("/v1/actions", body: document, headers: ["Idempotency-Key": key], accepting: [422])
        guard let outcome = GateOutcome(json: answer.body) else {
            throw O2CClientError(.badResponse, "\(location) answered POST /v1/actions without a gate outcome")
        }
        return outcome
    }

    /// Customers.
    public func customers(owner: String?, limit: Int) async throws -> [CustomerView] {
        let all: CustomerList = try await read("/v1/customers")
        return Array(all.customers.filter { owner == nil || $0.owner == owner }.prefix(limit))
    }

    /// One customer.
    public func customer(_ id: String) async throws -> CustomerView { try await read("/v1/customers/" + O2CAPIClient.escape(id)) }

    /// One order.
    public func order(_ id: String) async throws -> OrderView { try await read("/v1/orders/" + O2CAPIClient.escape(id)) }

    /// One invoice.
    public func invoice(_ id: String) async throws -> InvoiceView { try await read("/v1/invoices/" + O2CAPIClient.escape(id)) }

    /// The read model the server answered `GET path` with.
    private func read<T: Decodable>(_ path: String) async throws -> T {
        let answer = try await client.get(path)
        do { return try JSONValueDecoder().decode(T.self, from: answer) } catch {
            throw O2CClientError(.badResponse, "\(location) answered GET \(path) with a \(T.self) this client cannot read: \(error)")
        }
    }

    /// `GET /v1/customers`.
    private struct CustomerList: Decodable { let customers: [CustomerView] }

    private func array(_ value: JSONValue, _ route: String) throws -> [JSONValue] {
        guard let rows = value.arrayValue else { throw O2CClientError(.badResponse, "\(location) answered \(route) without a list") }
        return rows
    }
}
