/// The shipment of a shown `OrderView`.
public struct ShipmentView: Codable, Sendable, Equatable {
    /// `SH-…`.
    public var id: String
    /// The carrier.
    public var carrier: String
    /// ISO 8601 date.
    public var shipDate: String
    /// The carrier's tracking reference, if any.
    public var trackingRef: String?

    enum CodingKeys: String, CodingKey { case id, carrier, shipDate = "ship_date", trackingRef = "tracking_ref" }
}
