import O2CCore

/// The tax of a shown `InvoiceView` for one category and rate.
public struct InvoiceTaxView: Codable, Sendable, Equatable {
    /// The tax category.
    public var category: String
    /// The rate in percent.
    public var ratePercent: DecimalNumber
    /// The amount taxed and the tax (decimal strings).
    public var taxable: String, tax: String

    enum CodingKeys: String, CodingKey { case category, ratePercent = "rate_percent", taxable, tax }
}
