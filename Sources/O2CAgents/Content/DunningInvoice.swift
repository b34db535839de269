/// An invoice a dunning notice is about, as the ledger has it: the facts the email must match.
public struct DunningInvoice: Sendable, Hashable {
    /// The invoice number, `INV-2211`.
    public let id: String
    /// The open amount as a decimal string, `1234.50`.
    public let openAmount: String
    /// The ISO 4217 currency code, `EUR`.
    public let currency: String

    /// An invoice.
    public init(id: String, openAmount: String, currency: String) {
        self.id = id
        self.openAmount = openAmount
        self.currency = currency
    }
}
