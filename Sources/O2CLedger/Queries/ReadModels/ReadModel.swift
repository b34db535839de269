import O2CCore

/// A typed read of the ledger (order, invoice, payment, customer, run) that encodes to its
/// SPEC §13 JSON shape through `JSONValueEncoder` (or straight to bytes through
/// `JSONBytesEncoder`, the same bytes) and decodes from it (a remote read gives the same value
/// as a local one).
public protocol ReadModel: Codable, Sendable, Equatable, JSONWritable {}

extension ReadModel {
    /// The SPEC §13 JSON of this read (the encoder only fails on a type that throws itself; read
    /// models do not).
    public var json: JSONValue { (try? JSONValueEncoder().encode(self)) ?? .null }

    /// Appends the bytes of `json` without building it (an HTTP answer).
    public func write(to writer: inout JSONWriter) {
        do { try JSONBytesEncoder().encode(self, into: &writer) } catch { writer.literal("null") }
    }

    /// The read from its JSON (for example an HTTP answer); throws naming the missing or wrong member.
    public init(json: JSONValue) throws { self = try JSONValueDecoder().decode(Self.self, from: json) }
}
