import O2CCore

/// What the engine proposes for one payment: where the money goes, how sure it is and why.
public struct MatchProposal: Sendable, Hashable {
    /// How a match was found.
    public enum Method: String, Sendable {
        /// The payer named the invoices and the amount settles them.
        case reference
        /// The payer named one invoice and paid part of it.
        case partial
        /// The payer named the invoices and paid more: the rest stays unapplied cash.
        case overpayment
        /// The payer is known (account, name) and one open invoice has the amount.
        case amountAndCustomer = "amount_and_customer"
        /// The payer is known and one combination of its open invoices adds up to the amount.
        case combination
        /// Nothing fits well enough to propose.
        case none
    }

    /// One proposed allocation.
    public struct Allocation: Sendable, Hashable {
        /// The invoice.
        public let invoiceID: String
        /// Minor units of the payment's currency.
        public let amountMinor: Int64
    }

    /// The payment.
    public let paymentID: String
    /// How the match was found.
    public let method: Method
    /// 0 to 100: applied automatically at or above the threshold.
    public let confidence: Int
    /// Where the money goes (empty when nothing is proposed).
    public let allocations: [Allocation]
    /// Why, in words.
    public let reasons: [String]
    /// Other explanations that fit as well, in words (why nothing is applied).
    public let alternatives: [String]

    /// Whether the proposal may be applied at `threshold`: confident enough, something to
    /// apply, and no equally good alternative.
    public func applies(atThreshold threshold: Int) -> Bool {
        confidence >= threshold && !allocations.isEmpty && alternatives.isEmpty && method != .none
    }

    /// `[{invoice_id, amount}]` in the payment's currency.
    public func allocationsJSON(exponent: Int) -> JSONValue {
        .array(allocations.map { ["invoice_id": .string($0.invoiceID), "amount": .string(Money.format(minor: $0.amountMinor, exponent: exponent))] })
    }
}
