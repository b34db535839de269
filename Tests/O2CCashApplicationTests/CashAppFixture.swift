import Foundation
import GRDB
import O2CCore
import O2CLedger

/// A fresh EUR ledger with the shipped guardrails, four customers and invoices whose ids and
/// amounts the test statement (Tests/Fixtures/camt/o2c/statement-cases.v08.xml) pays:
///
/// | invoice | customer | amount |
/// |---|---|---|
/// | INV-1001 | C-001 Acme Corp | 100.00 |
/// | INV-1002 | C-001 Acme Corp | 250.00 |
/// | INV-1003 | C-002 Berliner Bau GmbH | 300.00 |
/// | INV-1004, INV-1005 | C-002 | 40.00, 60.00 |
/// | INV-1006, INV-1007 | C-003 Globex Industries | 500.00, 100.00 |
/// | INV-1008, INV-1009 | C-004 Initech | 40.00, 40.00 |
struct CashAppFixture {
    let dir: String
    let path: String
    let clock: ManualClock
    let ledger: Ledger
    let raw: DatabaseQueue

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures").path
    static let statement = fixtures + "/camt/o2c/statement-cases.v08.xml"

    init(invoices: Bool = true) throws {
        dir = NSTemporaryDirectory() + "o2c-cashapp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/ledger.sqlite"
        clock = ManualClock(date: BusinessDate(iso: "2026-01-05")!)
        let policy = try GuardrailSet.load(directory: Self.root.appendingPathComponent("guardrails").path).get().policy()
        ledger = try Ledger.create(path: path, companyName: "Cash Test GmbH", baseCurrency: "EUR", clock: clock, policy: policy)
        try ledger.setUp(Self.masterData())
        _ = try ledger.addUser(name: "arlo", role: .arClerk, approvalLimit: nil)
        _ = try ledger.addUser(name: "fiona", role: .financeManager, approvalLimit: nil)
        raw = try DatabaseQueue(path: path)
        if invoices {
            for (customer, sku, quantity) in [("C-001", "P-100", 1), ("C-001", "P-250", 1), ("C-002", "P-100", 3), ("C-002", "P-40", 1), ("C-002", "P-60", 1),
                                              ("C-003", "P-250", 2), ("C-003", "P-100", 1), ("C-004", "P-40", 1), ("C-004", "P-40", 1)] {
                _ = try invoice(customer, [(sku, quantity)])
            }
            clock.set(date: BusinessDate(iso: "2026-01-12")!)
        }
    }

    static func masterData() -> MasterData {
        var m = MasterData()
        m.currencies = [.init(code: "EUR", rates: []), .init(code: "USD", rates: [(BusinessDate(iso: "2025-01-01")!, Int64(900_000_000))])]
        m.taxRegions = [.init(code: "EX", name: "Export (no tax)", pricesIncludeTax: false, ratesBP: ["standard": 0])]
        m.customers = [
            .init(id: "C-001", name: "Acme Corp", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000, owner: "sam", email: "ap@acme.test", region: "EX"),
            .init(id: "C-002", name: "Berliner Bau GmbH", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000, owner: "sam", email: "ap@bb.test", region: "EX"),
            .init(id: "C-003", name: "Globex Industries", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000, owner: "sam", email: "ap@globex.test", region: "EX"),
            .init(id: "C-004", name: "Initech", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000, owner: "sam", email: "ap@initech.test", region: "EX"),
            .init(id: "C-005", name: "Acme Corporation Ltd", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 100_000_000, owner: "sam", email: "ap@acme-us.test", region: "EX"),
        ]
        m.products = [
            .init(sku: "P-40", name: "Bracket", family: "parts", taxCategory: "standard", prices: ["EUR": 4000, "USD": 4000], alternatives: []),
            .init(sku: "P-60", name: "Hinge", family: "parts", taxCategory: "standard", prices: ["EUR": 6000, "USD": 6000], alternatives: []),
            .init(sku: "P-100", name: "Widget", family: "parts", taxCategory: "standard", prices: ["EUR": 10000, "USD": 10000], alternatives: []),
            .init(sku: "P-250", name: "Gadget", family: "parts", taxCategory: "standard", prices: ["EUR": 25000, "USD": 25000], alternatives: []),
        ]
        m.warehouses = [("WH-1", "Main")]
        m.stock = m.products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: 1_000_000) }
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1)]
        return m
    }

    /// Creates, reserves, ships and invoices an order as the workflow; returns the invoice id.
    @discardableResult
    func invoice(_ customer: String, _ lines: [(String, Int)]) throws -> String {
        let order = try must(.createOrder, ["customer_id": .string(customer),
                                            "lines": .array(lines.map { ["sku": .string($0.0), "quantity": .int($0.1)] })])
        _ = try must(.reserveStock, ["order_id": .string(order)])
        _ = try must(.shipOrder, ["order_id": .string(order)])
        return try must(.issueInvoice, ["order_id": .string(order)])
    }

    func must(_ action: ActionName, _ args: JSONValue, as actor: Actor = .workflow) throws -> String {
        let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: actor))
        guard case .executed(let r) = outcome else { throw FixtureFailure(message: "\(action.rawValue): \(outcome.messages)") }
        return r.id
    }

    /// Records a payment as the workflow; returns its id.
    func pay(_ amount: String, currency: String = "EUR", payer: String? = nil, account: String? = nil, reference: String? = nil,
             structured: String? = nil) throws -> String {
        var args: JSONObject = ["amount": .string(amount), "currency": .string(currency), "date": "2026-01-10"]
        args["payer_name"] = payer.map { .string($0) }
        args["payer_account"] = account.map { .string($0) }
        args["reference"] = reference.map { .string($0) }
        args["structured_reference"] = structured.map { .string($0) }
        return try must(.recordPayment, .object(args))
    }

    /// Open amount of an invoice, minor units.
    func open(_ invoice: String) throws -> Int64 {
        try raw.read { db in try Int64.fetchOne(db, sql: "SELECT open_minor FROM invoices WHERE id = ?", arguments: [invoice]) } ?? -1
    }

    /// `[invoice: amount minor]` applied from a payment (not reversed).
    func allocations(_ payment: String) throws -> [String: Int64] {
        try raw.read { db in
            var out: [String: Int64] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT invoice_id, amount_minor FROM allocations WHERE payment_id = ? AND reversed = 0", arguments: [payment]) {
                out[r[0], default: 0] += r[1]
            }
            return out
        }
    }

    func count(_ sql: String, _ args: StatementArguments = StatementArguments()) throws -> Int {
        try raw.read { db in try Int.fetchOne(db, sql: sql, arguments: args) } ?? -1
    }

    /// A digest of every table's content: equal digests mean nothing was written.
    func fingerprint() throws -> String {
        try raw.read { db in
            var all = ""
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                for r in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"") { all += t + r.description + "\n" }
            }
            return all
        }
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
