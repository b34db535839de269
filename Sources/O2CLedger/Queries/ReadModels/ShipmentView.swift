import O2CCore

/// The shipment of a shown `OrderView`.
public struct ShipmentView: Codable, Sendable, Equatable {
    /// `SH-…`, the carrier and the ship date (ISO 8601).
    public var id: String, carrier: String, shipDate: String
    /// The carrier's tracking reference, if any.
    public var trackingRef: String?

    enum CodingKeys: String, CodingKey { case id, carrier, shipDate = "ship_date", trackingRef = "tracking_ref" }

    /// Appends the bytes `JSONBytesEncoder` writes for this shipment (`OrderView.write`).
    func write(to writer: inout JSONWriter) {
        writer.member(#"{"id":"#, id)
        writer.member(#","carrier":"#, carrier)
        writer.member(#","ship_date":"#, shipDate)
        writer.member(#","tracking_ref":"#, trackingRef)
        writer.byte(UInt8(ascii: "}"))
    }
}
