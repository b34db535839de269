import Foundation
import O2CCore
import O2CLedger

/// What the CLI does with a ledger, the same on a local file (`LocalLedgerAccess`) and over
/// `o2c serve` as the token's user (`RemoteLedgerAccess`): the approval queue, actions through
/// the gate, and the reads the server has routes for. Listings take a limit (`Int.max`: all).
public protocol LedgerAccess: Sendable {
    /// The file or server, for messages ("the ledger ./o2c.sqlite", "http://127.0.0.1:8080").
    var location: String { get }
    /// Now, for the age of requests.
    func now() -> Date
    /// The queue, oldest and largest first (`approvals list --json`); `status` nil: every status.
    func approvals(status: String?, role: String?, limit: Int) async throws -> [JSONValue]
    /// One request with its arguments, digest and the facts the rules saw (`approvals show --json`).
    func approval(_ id: String) async throws -> JSONValue
    /// Approves or rejects a request as the acting person, bound to `digest`, the `args_digest`
    /// the person was shown: when the request's is another, nothing happens.
    func decide(_ id: String, approving: Bool, note: String?, digest: String) async throws -> ApprovalResult
    /// An action document (`{"action", "args", "reason"?}`) through the gate as the acting person.
    func submit(_ document: JSONValue, idempotencyKey: String?) async throws -> GateOutcome
    /// Customers (`customers list --json`), only `owner`'s when given.
    func customers(owner: String?, limit: Int) async throws -> [CustomerView]
    /// One customer with its credit position (`customers show --json`).
    func customer(_ id: String) async throws -> CustomerView
    /// One order with its lines and history (`orders show --json`).
    func order(_ id: String) async throws -> OrderView
    /// One invoice (`invoices show --json`).
    func invoice(_ id: String) async throws -> InvoiceView
}

extension ApprovalResult {
    /// The refusal when the request's digest is not the one the person was shown.
    static func digestMismatch(_ id: String) -> ApprovalResult {
        .refused(id: id, reason: "\(id)'s arguments are not the ones you were shown (digest mismatch); read it again ('o2c approvals show \(id)') before deciding")
    }
}
