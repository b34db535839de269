import Foundation
import O2CCore
import O2CLedger

/// `o2c dunning worklist`: the accounts to call first. Per customer with undisputed overdue
/// invoices: score = overdue (base currency, major units) × (1 + oldest days past due / 30) ×
/// (1 + average days late on paid invoices / 30). Bigger, older debts of late payers first.
public enum DunningWorklist {
    /// One account.
    public struct Entry: Sendable {
        /// The customer.
        public let customerID: String
        /// Its name.
        public let name: String
        /// Its sales rep.
        public let owner: String
        /// Undisputed overdue amount in base currency (minor units).
        public let overdueBaseMinor: Int64
        /// Undisputed overdue invoices.
        public let invoices: Int
        /// Disputed overdue invoices (not chased).
        public let disputed: Int
        /// Days past due of the oldest.
        public let maxDaysPastDue: Int
        /// The highest dunning level reached.
        public let level: Int
        /// Average days late on paid invoices (0 without history).
        public let averageDaysLate: Double
        /// The rank score.
        public let score: Double
    }

    /// The ranked accounts, highest score first (ties by customer id).
    public static func rank(_ overdue: [OverdueInvoice], behaviour: [String: (paidInvoices: Int, averageDaysLate: Double)], baseExponent: Int) -> [Entry] {
        var by: [String: [OverdueInvoice]] = [:]
        for inv in overdue { by[inv.customerID, default: []].append(inv) }
        let scale = pow(10.0, Double(baseExponent))
        return by.compactMap { id, invs -> Entry? in
            let chased = invs.filter { !$0.disputed }
            guard let first = invs.first, !chased.isEmpty else { return nil }
            let amount = chased.reduce(Int64(0)) { $0 + $1.openBaseMinor }
            let days = chased.map(\.daysPastDue).max() ?? 0
            let late = behaviour[id]?.averageDaysLate ?? 0
            let score = (Double(amount) / scale) * (1 + Double(days) / 30) * (1 + late / 30)
            return Entry(customerID: id, name: first.customerName, owner: first.owner, overdueBaseMinor: amount, invoices: chased.count,
                         disputed: invs.count - chased.count, maxDaysPastDue: days, level: chased.map(\.dunningLevel).max() ?? 0,
                         averageDaysLate: late, score: (score * 100).rounded() / 100)
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.customerID < $1.customerID }
    }
}
