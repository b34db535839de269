/// One line of an `OrderView`.
public struct OrderLineView: Codable, Sendable, Equatable {
    /// The product.
    public var sku: String
    /// Units.
    public var quantity: Int64
    /// Price per unit (decimal string).
    public var unitPrice: String
    /// Quantity times price.
    public var net: String
    /// Where the price came from (`list`, `given`, ...).
    public var priceSource: String
    /// The list price when there is one.
    public var listPrice: String?

    enum CodingKeys: String, CodingKey {
        case sku, quantity, unitPrice = "unit_price", net, priceSource = "price_source", listPrice = "list_price"
    }
}
