import O2CCore

/// The tax of a shown `InvoiceView` for one category and rate.
public struct InvoiceTaxView: Codable, Sendable, Equatable {
    /// The tax category.
    public var category: String
    /// The rate in percent.
    public var ratePercent: DecimalNumber
    /// The amount taxed (decimal string).
    public var taxable: String
    /// The tax (decimal string).
    public var tax: String

    enum CodingKeys: String, CodingKey { case category, ratePercent = "rate_percent", taxable, tax }
}
