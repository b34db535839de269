import Foundation
import GRDB
import O2CCore

/// The ledger's currencies as the gate reads them, kept once read: the base currency (set when
/// the ledger is created and never changed) and each currency's exponent (currencies are only
/// ever added, `INSERT OR IGNORE`, so an exponent once read stays true). Saves the gate a
/// statement or two per action. Only what was found is kept, so a currency set up later is
/// still seen.
final class CurrencyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var base: Currency?
    private var exponents: [String: Int] = [:]

    /// The ledger's base currency, read from `db` the first time.
    func base(_ db: Database) throws -> Currency {
        if let known = lock.withLock({ base }) { return known }
        let read = try Ledger.baseCurrency(db)
        lock.withLock { base = read }
        return read
    }

    /// The currency `code` as the ledger has it set up, or nil when it has not.
    func currency(_ code: String, _ db: Database) throws -> Currency? {
        if let exponent = lock.withLock({ exponents[code] }) { return Currency(code: code, exponent: exponent) }
        guard let exponent: Int = try db.leanValue("SELECT exponent FROM currencies WHERE code = ?", [code]) else { return nil }
        lock.withLock { exponents[code] = exponent }
        return Currency(code: code, exponent: exponent)
    }
}
