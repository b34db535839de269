/// Short, stable fingerprints of text (the same text gives the same value in every process and
/// version), for idempotency keys; not for security.
public enum StableHash {
    /// FNV-1a, 64 bits.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// FNV-1a, 64 bits, in lower-case hexadecimal.
    public static func fnv1aHex(_ text: String) -> String { String(fnv1a(text), radix: 16) }
}
