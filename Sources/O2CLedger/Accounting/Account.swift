/// The chart of accounts o2c posts to. Amounts in the journal are in base currency.
public enum Account: String, Sendable, CaseIterable {
    case bank = "1000"
    case receivables = "1100"
    case unappliedCash = "2100"
    case taxPayable = "2200"
    case revenue = "4000"
    case salesDiscounts = "4100"
    case badDebt = "6900"
    case fxGainLoss = "7900"

    /// The account's name.
    public var name: String {
        switch self {
        case .bank: return "Bank"
        case .receivables: return "Accounts receivable"
        case .unappliedCash: return "Unapplied cash"
        case .taxPayable: return "Tax payable"
        case .revenue: return "Revenue"
        case .salesDiscounts: return "Sales discounts"
        case .badDebt: return "Bad debt expense"
        case .fxGainLoss: return "Realized FX gain/loss"
        }
    }

    var kind: String {
        switch self {
        case .bank, .receivables: return "asset"
        case .unappliedCash, .taxPayable: return "liability"
        case .revenue, .fxGainLoss: return "income"
        case .salesDiscounts, .badDebt: return "expense"
        }
    }
}

/// One line of a journal entry: a debit or a credit to an account, in base minor units.
struct Posting {
    let account: Account
    let debit: Int64
    let credit: Int64

    static func debit(_ account: Account, _ amount: Int64) -> Posting {
        amount >= 0 ? Posting(account: account, debit: amount, credit: 0) : Posting(account: account, debit: 0, credit: -amount)
    }

    static func credit(_ account: Account, _ amount: Int64) -> Posting {
        amount >= 0 ? Posting(account: account, debit: 0, credit: amount) : Posting(account: account, debit: -amount, credit: 0)
    }
}
