extension JSONValue {
    /// Compact JSON text; with `sortedKeys` the output is canonical (used for digests).
    public func serialized(sortedKeys: Bool = false, pretty: Bool = false) -> String {
        var writer = JSONWriter()
        writer.value(self, sortedKeys: sortedKeys, pretty: pretty)
        return writer.text
    }

    /// Compact JSON as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }

    /// Canonical text: sorted keys, no spaces. Two equal values give the same text.
    public var canonical: String { serialized(sortedKeys: true) }
}
