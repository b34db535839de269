import O2CCore

/// One line of a shown `InvoiceView`.
public struct InvoiceLineView: Codable, Sendable, Equatable {
    /// The product.
    public var sku: String
    /// The text printed on the invoice.
    public var description: String
    /// Units.
    public var quantity: Int64
    /// Price per unit (decimal string).
    public var unitPrice: String
    /// Quantity times price.
    public var net: String
    /// The line's tax rate in percent.
    public var taxRatePercent: DecimalNumber

    enum CodingKeys: String, CodingKey {
        case sku, description, quantity, unitPrice = "unit_price", net, taxRatePercent = "tax_rate_percent"
    }
}
