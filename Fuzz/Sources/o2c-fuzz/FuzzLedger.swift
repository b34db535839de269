import Foundation
import O2CCore
import O2CLedger

/// The importers' ledger: a fresh file in a temporary folder (USD base, EUR) with two customers,
/// three products, a sales rep (sam) and an AR clerk (arlo), behind the shipped guardrails.
enum FuzzLedger {
    static let shared: Ledger = make()

    private static func make() -> Ledger {
        do {
            guard let today = BusinessDate(iso: "2026-11-25"), let rateFrom = BusinessDate(iso: "2014-01-01") else { exit(2) }
            let dir = NSTemporaryDirectory() + "o2c-fuzz-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let guardrails = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../guardrails").standardized.path
            let policy = try GuardrailSet.load(directory: guardrails).get().policy()
            let ledger = try Ledger.create(path: dir + "/ledger.sqlite", companyName: "Fuzz Inc", baseCurrency: "USD",
                                           clock: ManualClock(date: today), policy: policy)
            var m = MasterData()
            m.currencies = [.init(code: "USD", rates: []), .init(code: "EUR", rates: [(rateFrom, Int64(1_100_000_000))])]
            m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825])]
            m.customers = [
                .init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 100_000_000_000, owner: "sam", email: "ap@acme.test", region: "US-CA"),
                .init(id: "C-002", name: "Euro Kunde GmbH", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000_000, owner: "sam", email: "ap@eu.test", region: "US-CA"),
            ]
            m.products = [
                .init(sku: "WID-100", name: "Widget", family: "w", taxCategory: "standard", prices: ["USD": 1999, "EUR": 1899], alternatives: []),
                .init(sku: "WID-101", name: "Widget Plus", family: "w", taxCategory: "standard", prices: ["USD": 2499, "EUR": 2399], alternatives: []),
                .init(sku: "BK-1", name: "Manual", family: "b", taxCategory: "standard", prices: ["USD": 1000], alternatives: []),
            ]
            m.warehouses = [("WH-1", "Main")]
            m.stock = m.products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: 1_000_000_000) }
            m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1)]
            try ledger.setUp(m)
            _ = try ledger.addUser(name: "sam", role: .salesRep, approvalLimit: nil)
            _ = try ledger.addUser(name: "arlo", role: .arClerk, approvalLimit: nil)
            return ledger
        } catch {
            FileHandle.standardError.write(Data("cannot create the fuzz ledger: \(error)\n".utf8))
            exit(2)
        }
    }
}
