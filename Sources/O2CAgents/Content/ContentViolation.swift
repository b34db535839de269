/// One thing wrong with a generated text (a dunning email), said so a person, or the model asked
/// to rewrite, can fix it.
public struct ContentViolation: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// An invoice number that is not one of the notice's invoices.
        case unknownInvoice = "unknown_invoice"
        /// One of the notice's invoices is not mentioned.
        case missingInvoice = "missing_invoice"
        /// An amount that is neither an invoice's open amount nor the total.
        case wrongAmount = "wrong_amount"
        /// An amount in a currency none of the invoices is in.
        case wrongCurrency = "wrong_currency"
        /// An amount written in a form the check cannot read (`1.234,50`): write `1,234.50`.
        case unreadableAmount = "unreadable_amount"
        /// A phrase the level does not allow.
        case forbiddenPhrase = "forbidden_phrase"
        /// None of the phrases the level requires.
        case missingRequired = "missing_required"
        /// The check itself was given bad facts (unknown level, unreadable open amount).
        case invalidInput = "invalid_input"
    }

    /// What kind of problem.
    public let kind: Kind
    /// The dunning rule involved, when one is.
    public let rule: String?
    /// The offending text, when there is one (at most 80 characters).
    public let excerpt: String?
    /// What is wrong, in a sentence.
    public let message: String

    /// A violation.
    public init(kind: Kind, rule: String? = nil, excerpt: String? = nil, message: String) {
        self.kind = kind
        self.rule = rule
        self.excerpt = excerpt
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
