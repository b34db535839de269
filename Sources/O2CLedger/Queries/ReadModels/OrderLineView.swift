import O2CCore

/// One line of an `OrderView`.
public struct OrderLineView: Codable, Sendable, Equatable {
    /// The product and the units.
    public var sku: String, quantity: Int64
    /// Price per unit and quantity times price (decimal strings).
    public var unitPrice: String, net: String
    /// Where the price came from (`list`, `given`, ...) and the list price when there is one.
    public var priceSource: String, listPrice: String?

    enum CodingKeys: String, CodingKey {
        case sku, quantity, unitPrice = "unit_price", net, priceSource = "price_source", listPrice = "list_price"
    }

    /// Appends the bytes `JSONBytesEncoder` writes for this line (`OrderView.write`).
    func write(to writer: inout JSONWriter) {
        writer.member(#"{"sku":"#, sku)
        writer.literal(#","quantity":"#)
        writer.raw(String(quantity))
        writer.member(#","unit_price":"#, unitPrice)
        writer.member(#","net":"#, net)
        writer.member(#","price_source":"#, priceSource)
        writer.member(#","list_price":"#, listPrice)
        writer.byte(UInt8(ascii: "}"))
    }
}
