import Foundation
import O2CAgents
import O2CCore
import O2CLedger

/// A ledger file on this machine. Whoever can write the file is trusted to name the actor
/// (SPEC §8.1: `--as`); reads open it read-only, writes behind the guardrails of `home`.
public struct LocalLedgerAccess: LedgerAccess {
    /// The SQLite file.
    public let path: String
    /// Where the guardrails are.
    public let home: O2CHome
    /// Who acts; nil for a command that only reads.
    public let actor: Actor?

    /// Access to the ledger at `path`.
    public init(path: String, home: O2CHome, actor: Actor? = nil) {
        self.path = path
        self.home = home
        self.actor = actor
    }

    /// "the ledger PATH".
    public var location: String { "the ledger \(path)" }

    /// The ledger, for reading only.
    public func reader() throws -> Ledger { try Ledger.openForReading(path: path, policy: ReadOnlyPolicy()) }

    /// The ledger behind the guardrails of `home` (a broken file throws and says where).
    public func writer() throws -> Ledger { try Ledger.open(path: path, policy: try home.policy()) }

    /// The system clock (the ledger's when opened from the command line).
    public func now() -> Date { Date() }

    /// The queue (`approvals list --json`).
    public func approvals(status: String?, role: String?, limit: Int) async throws -> [JSONValue] {
        try reader().approvalRequests(status: status, role: role, limit: limit)
    }

    /// One request (`approvals show --json`).
    public func approval(_ id: String) async throws -> JSONValue { try reader().approvalRequest(id) }

    /// A decision bound to `digest`.
    public func decide(_ id: String, approving: Bool, note: String?, digest: String) async throws -> ApprovalResult {
        guard let actor else { throw O2CClientError(.actor, "say who decides with --as NAME (or set O2C_USER)") }
        guard actor.kind == .user else { throw O2CClientError(.actor, "only people decide on requests: --as must be a user, not \(actor)") }
        let ledger = try writer()
        guard try ledger.approvalRequest(id)["args_digest"]?.stringValue == digest else { return .digestMismatch(id) }
        return approving ? try ledger.approve(id, by: actor.name, note: note) : try ledger.reject(id, by: actor.name, note: note)
    }

    /// An action through the gate.
    public func submit(_ document: JSONValue, idempotencyKey: String?) async throws -> GateOutcome {
        guard let actor else { throw O2CClientError(.actor, "say who is acting with --as NAME (or set O2C_USER)") }
        switch ActionRequest.parse(document: document, actor: actor, idempotencyKey: idempotencyKey) {
        case .failure(let e): return .invalid(messages: e.messages)
        case .success(let request): return try writer().submit(request)
        }
    }

    /// Customers.
    public func customers(owner: String?, limit: Int) async throws -> [CustomerView] {
        try reader().customers(ListFilter(owner: owner, limit: limit))
    }

    /// One customer.
    public func customer(_ id: String) async throws -> CustomerView { try reader().customer(id) }

    /// One order.
    public func order(_ id: String) async throws -> OrderView { try reader().order(id) }

    /// One invoice.
    public func invoice(_ id: String) async throws -> InvoiceView { try reader().invoice(id) }
}
