/// An invoice number found in what a payer wrote, and how sure the finding is.
public struct InvoiceMention: Sendable, Hashable {
    /// How an invoice number was written.
    public enum Strength: Int, Sendable, Comparable {
        /// A bare number of three or more digits (a PO number, a date or an amount may look the same).
        case bare = 1
        /// A number after a word that says "invoice" (`invoice no. 1042`, `Rechnung 1042`).
        case keyword = 2
        /// The invoice id written another way: case, spaces, dashes, leading zeros (`inv 01042`).
        case normalised = 3
        /// The invoice id exactly (`INV-1042`) or an ISO 11649 RF reference with valid check digits.
        case exact = 4

        public static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
    }

    /// The invoice's number (1042 for INV-1042).
    public let number: Int
    /// How it was written.
    public let strength: Strength
    /// The text it was found as (letters, digits and separators only).
    public let text: String
    /// Where: `structured reference`, `reference`, `end-to-end id`.
    public let source: String

    /// The invoice id this mention names.
    public var invoiceID: String { "INV-\(number)" }
}
