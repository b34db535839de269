import O2CCore

/// One entry of a document's `history`: the event, when, and its stored payload.
public struct DocumentEvent: Codable, Sendable, Equatable {
    /// The event type (`order.created`, ...).
    public var event: String
    /// ISO 8601 time.
    public var at: String
    /// The event's payload as stored.
    public var data: JSONValue
}
