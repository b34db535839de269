/// A read-model member that is left out of the JSON when it is `nil` (`JSONValueEncoder`
/// writes other `nil`s as `null`), and reads as `nil` when it is missing.
@propertyWrapper
public struct OmitIfNil<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The value, or nil when the member is absent.
    public var wrappedValue: Value?

    /// A member holding `wrappedValue`.
    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Writes the value (a nil one is skipped by the container before it gets here).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }

    /// Reads the value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }
}

extension KeyedEncodingContainer {
    /// Leaves out a member that is nil.
    public mutating func encode<V>(_ value: OmitIfNil<V>, forKey key: Key) throws {
        if let v = value.wrappedValue { try encode(v, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// A missing member reads as nil (a present `null` reads as `V`'s null: `.some(nil)` for an optional `V`).
    public func decode<V>(_ type: OmitIfNil<V>.Type, forKey key: Key) throws -> OmitIfNil<V> {
        OmitIfNil(wrappedValue: contains(key) ? try decode(V.self, forKey: key) : nil)
    }
}
