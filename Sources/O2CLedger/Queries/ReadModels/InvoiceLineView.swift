import O2CCore

/// One line of a shown `InvoiceView`.
public struct InvoiceLineView: Codable, Sendable, Equatable {
    /// The product, the text printed on the invoice and the units.
    public var sku: String, description: String, quantity: Int64
    /// Price per unit and quantity times price (decimal strings).
    public var unitPrice: String, net: String
    /// The line's tax rate in percent.
    public var taxRatePercent: DecimalNumber

    enum CodingKeys: String, CodingKey {
        case sku, description, quantity, unitPrice = "unit_price", net, taxRatePercent = "tax_rate_percent"
    }
}
