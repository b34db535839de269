import O2CCore

/// One entry of a document's `history`: the event, when, and its stored payload.
public struct DocumentEvent: Codable, Sendable, Equatable {
    /// The event type (`order.created`, ...).
    public var event: String
    /// ISO 8601 time.
    public var at: String
    /// The event's payload as stored (`null` when the stored text is not JSON).
    public var data: JSONValue {
        get {
            switch payload {
            case .value(let value): return value
            case .text(let text): return (try? JSONParser().parse(text)) ?? .null
            }
        }
        set { payload = .value(newValue) }
    }

    /// The payload: a value, or the ledger's text, parsed only when asked for (an answer written
    /// as bytes copies a text already in `JSONWriter`'s form).
    private enum Payload: Sendable {
        case value(JSONValue)
        case text(String)
    }

    private var payload: Payload

    /// An entry with its payload.
    public init(event: String, at: String, data: JSONValue) {
        self.event = event
        self.at = at
        payload = .value(data)
    }

    /// An entry with the payload text as the ledger stores it.
    init(event: String, at: String, storedPayload: String) {
        self.event = event
        self.at = at
        payload = .text(storedPayload)
    }

    enum CodingKeys: String, CodingKey { case event, at, data }

    /// Reads `{event, at, data}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(event: try c.decode(String.self, forKey: .event), at: try c.decode(String.self, forKey: .at),
                  data: try c.decode(JSONValue.self, forKey: .data))
    }

    /// Writes `{event, at, data}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event, forKey: .event)
        try c.encode(at, forKey: .at)
        try c.encode(data, forKey: .data)
    }

    /// Equal when the event, the time and the payload's value are.
    public static func == (a: DocumentEvent, b: DocumentEvent) -> Bool {
        a.event == b.event && a.at == b.at && a.data == b.data
    }

    /// Appends `{event, at, data}` as `encode(to:)` does; a stored text already in the writer's
    /// form (`JSONWrittenForm`) is copied as it is instead of parsed and written again.
    func write(to writer: inout JSONWriter) {
        writer.member(#"{"event":"#, event)
        writer.member(#","at":"#, at)
        writer.literal(#","data":"#)
        if case .text(let text) = payload, JSONWrittenForm.holds(text) { writer.raw(text) } else { writer.value(data) }
        writer.byte(UInt8(ascii: "}"))
    }
}
