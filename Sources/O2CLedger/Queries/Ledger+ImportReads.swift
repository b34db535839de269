import GRDB
import O2CCore

/// The reference data a file import checks rows against before anything goes to the gate.
public struct ImportReferenceData: Sendable {
    /// Customers by id: name and currency.
    public let customers: [String: (name: String, currency: String)]
    /// Every SKU, sorted.
    public let skus: [String]
    /// Currencies set up in the ledger, with their exponents.
    public let currencies: [String: Int]
    /// The SKUs as a set, for quick checks.
    public let skuSet: Set<String>

    init(customers: [String: (name: String, currency: String)], skus: [String], currencies: [String: Int]) {
        self.customers = customers
        self.skus = skus
        self.currencies = currencies
        self.skuSet = Set(skus)
    }
}

extension Ledger {
    /// Customers, SKUs and currencies, for checking imported rows.
    public func importReferenceData() throws(LedgerError) -> ImportReferenceData {
        try read { db in
            var customers: [String: (name: String, currency: String)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, name, currency FROM customers") { customers[r[0]] = (r[1], r[2]) }
            let skus = try String.fetchAll(db, sql: "SELECT sku FROM products ORDER BY sku")
            var currencies: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT code, exponent FROM currencies") { currencies[r[0]] = r[1] }
            return ImportReferenceData(customers: customers, skus: skus, currencies: currencies)
        }
    }
}
