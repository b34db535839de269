import Foundation
import GRDB
import O2CCore
@testable import O2CLedger

/// A fresh ledger in a temporary folder with a small, fixed reference data set.
struct Fixture {
    let dir: String
    let path: String
    let clock: ManualClock
    let ledger: Ledger
    /// A second, raw connection for assertions (reads, and deliberate tampering).
    let raw: DatabaseQueue
    static let start = BusinessDate(iso: "2026-01-05")!

    init(policy: any ActionPolicy = PermissivePolicy(), limits: LedgerLimits = LedgerLimits()) throws {
        dir = NSTemporaryDirectory() + "o2c-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/ledger.sqlite"
        clock = ManualClock(date: Fixture.start)
        ledger = try Ledger.create(path: path, companyName: "Test Co", baseCurrency: "USD", clock: clock, policy: policy, limits: limits)
        try ledger.setUp(Fixture.masterData())
        raw = try DatabaseQueue(path: path)
    }

    /// EUR at 1.10 from the start, 1.20 from Feb 1; GBP at 1.25.
    static func masterData() -> MasterData {
        var m = MasterData()
        let d = { (s: String) in BusinessDate(iso: s)! }
        m.currencies = [
            .init(code: "USD", rates: []),
            .init(code: "EUR", rates: [(d("2025-12-01"), Int64(1_100_000_000)), (d("2026-02-01"), Int64(1_200_000_000))]),
            .init(code: "GBP", rates: [(d("2025-12-01"), Int64(1_250_000_000))]),
        ]
        m.taxRegions = [
            .init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825, "reduced": 0]),
            .init(code: "DE", name: "Germany", pricesIncludeTax: true, ratesBP: ["standard": 1900, "reduced": 700]),
            .init(code: "GB", name: "United Kingdom", pricesIncludeTax: false, ratesBP: ["standard": 2000, "reduced": 500]),
        ]
        m.customers = [
            .init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 5_000_000, owner: "sam", email: "ap@acme.test", region: "US-CA"),
            .init(id: "C-002", name: "Berliner Bau GmbH", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 5_000_000, owner: "rita", email: "ap@bb.test", region: "DE"),
            .init(id: "C-003", name: "London Ltd", currency: "GBP", paymentTermsDays: 14, creditLimitMinor: 5_000_000, owner: "omar", email: "ap@ll.test", region: "GB"),
            .init(id: "C-004", name: "Tiny Shop", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 100_000, owner: "lena", email: "ap@tiny.test", region: "US-CA"),
        ]
        m.products = [
            .init(sku: "WID-100", name: "Widget", family: "widgets", taxCategory: "standard", prices: ["USD": 1999, "EUR": 1899, "GBP": 1599], alternatives: ["WID-101"]),
            .init(sku: "WID-101", name: "Widget Plus", family: "widgets", taxCategory: "standard", prices: ["USD": 2499, "EUR": 2399, "GBP": 1999], alternatives: ["WID-100"]),
            .init(sku: "BK-1", name: "Manual", family: "books", taxCategory: "reduced", prices: ["USD": 1000, "EUR": 1070, "GBP": 850], alternatives: []),
            .init(sku: "GAD-7", name: "Gadget", family: "gadgets", taxCategory: "standard", prices: ["USD": 333, "EUR": 333, "GBP": 333], alternatives: ["WID-100"]),
        ]
        m.warehouses = [("WH-EAST", "East"), ("WH-WEST", "West")]
        m.stock = [
            .init(sku: "WID-100", warehouse: "WH-EAST", onHand: 500), .init(sku: "WID-100", warehouse: "WH-WEST", onHand: 300),
            .init(sku: "WID-101", warehouse: "WH-EAST", onHand: 100), .init(sku: "BK-1", warehouse: "WH-WEST", onHand: 1000),
            .init(sku: "GAD-7", warehouse: "WH-EAST", onHand: 3),
        ]
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1), .init(code: "DHL", name: "DHL", preferredRank: 2)]
        return m
    }

    /// The repository's guardrails/ folder.
    static let shippedGuardrails = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("guardrails").path

    /// The shipped guardrails as the gate's policy (named files bind no agent).
    static func shippedPolicy() throws -> GuardrailPolicy { try GuardrailSet.load(directory: shippedGuardrails).get().policy() }

    /// The same ledger file opened behind another policy (or limits).
    func reopen(policy: any ActionPolicy, limits: LedgerLimits = LedgerLimits()) throws -> Ledger {
        try Ledger.open(path: path, clock: clock, policy: policy, limits: limits)
    }

    /// Adds users `(name, role, approval limit)`.
    func addUsers(_ users: [(String, Role, String?)]) throws {
        for (name, role, limit) in users { _ = try ledger.addUser(name: name, role: role, approvalLimit: limit) }
    }

    @discardableResult
    func submit(_ action: ActionName, _ args: JSONValue, as actor: Actor = .user("tester"), key: String? = nil) throws -> GateOutcome {
        try ledger.submit(ActionRequest(action: action, args: args, actor: actor, idempotencyKey: key))
    }

    /// Submits and requires `executed`; returns the result id.
    func must(_ action: ActionName, _ args: JSONValue, as actor: Actor = .user("tester")) throws -> String {
        let outcome = try submit(action, args, as: actor)
        guard case .executed(let r) = outcome else { throw FixtureError.notExecuted(action.rawValue, outcome.messages) }
        return r.id
    }

    /// Creates, reserves, ships and invoices one order; returns (order id, invoice id).
    func invoicedOrder(customer: String, lines: JSONValue) throws -> (String, String) {
        let order = try must(.createOrder, ["customer_id": .string(customer), "lines": lines])
        _ = try must(.reserveStock, ["order_id": .string(order)])
        _ = try must(.shipOrder, ["order_id": .string(order)])
        let invoice = try must(.issueInvoice, ["order_id": .string(order)])
        return (order, invoice)
    }

    /// A digest of every table's content (but `excluding`): equal digests mean nothing was written.
    func fingerprint(excluding: Set<String> = []) throws -> String {
        return try raw.read { db in
            var all = ""
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") where !excluding.contains(t) {
                for r in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"") { all += t + r.description + "\n" }
            }
            return Hex.sha256(all)
        }
    }

    /// Raw read access for assertions.
    func scalar<T: DatabaseValueConvertible>(_ sql: String, _ args: StatementArguments = StatementArguments()) throws -> T? {
        try raw.read { db in try T.fetchOne(db, sql: sql, arguments: args) }
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case notExecuted(String, [String])
    var description: String {
        switch self {
        case .notExecuted(let a, let m): return "\(a) was not executed: \(m.joined(separator: "; "))"
        }
    }
}

/// The tests' policy: every user (known or not) and the workflow may write, an agent's write waits
/// for a person; approvers need a role that may submit the action (the standard permissions).
struct PermissivePolicy: ActionPolicy {
    func decide(_ facts: ActionFacts) -> PolicyDecision {
        switch facts.actor.kind {
        case .user, .system:
            return .allow(rules: [])
        case .agent:
            return .requireApproval(role: nil, approvers: 1, rules: [FiredRule(file: "(test)", name: "agents-wait", message: "agents wait")])
        }
    }

    func rolePermits(_ role: Role, _ action: ActionName) -> Bool { RolePermissions.standard.permits(role, action) }
}

extension GateOutcome {
    var isExecuted: Bool { if case .executed = self { return true } else { return false } }
    var isInvalid: Bool { if case .invalid = self { return true } else { return false } }
    var isDenied: Bool { if case .denied = self { return true } else { return false } }
    var approvalID: String? { if case .pendingApproval(let id, _) = self { return id } else { return nil } }
}
