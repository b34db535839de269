/// One mailbox address (`ar@acme.example`), checked so it can stand in a mail header or an SMTP
/// envelope as it is: ASCII, one `@`, no spaces, no control characters (a CR or LF could start a
/// header of its own), no list separators, no quotes or brackets, at most 254 characters.
/// Stricter than RFC 5322 on purpose: what it refuses, a person fixes in the customer's data.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, as checked.
    public let value: String

    /// The address, or nil when `text` is not one plain mailbox address.
    public init?(_ text: String) {
        guard EmailAddress.problem(text) == nil else { return nil }
        value = text
    }

    /// What is wrong with `text` as an address, in words a person can act on; nil when it is fine.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "it is empty" }
        if text.utf8.count > 254 { return "it is longer than 254 characters" }
        var at = 0
        for byte in text.utf8 {
            if byte < 0x21 || byte > 0x7E { return byte == 0x0D || byte == 0x0A ? "it contains a line break" : "it contains a space, a control or a non-ASCII character" }
            if byte == UInt8(ascii: "@") { at += 1 }
            if Array(",;:<>()[]\\\"'`".utf8).contains(byte) { return "it contains '\(Character(UnicodeScalar(byte)))' (one plain address only)" }
        }
        guard at == 1, let sign = text.firstIndex(of: "@") else { return "it needs exactly one '@'" }
        let local = text[..<sign], domain = text[text.index(after: sign)...]
        if local.isEmpty || local.utf8.count > 64 { return "the part before '@' must be 1 to 64 characters" }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") { return "the part before '@' has a misplaced '.'" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: { $0.isEmpty || $0.utf8.count > 63 || $0.hasPrefix("-") || $0.hasSuffix("-") }) {
            return "the domain after '@' is not a domain name (like example.com)"
        }
        if domain.utf8.contains(where: { !(isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")) }) {
            return "the domain after '@' may hold only letters, digits, '-' and '.'"
        }
        return nil
    }

    /// The domain (after the `@`).
    public var domain: String { value.firstIndex(of: "@").map { String(value[value.index(after: $0)...]) } ?? "" }

    public var description: String { value }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// `text` made safe for one line of a mail header: every control character (CR, LF, TAB, ...)
    /// becomes a space, runs of spaces shrink to one, and it is cut at `maxCharacters`. A subject
    /// or display name can then never start a header of its own.
    public static func headerText(_ text: String, maxCharacters: Int = 200) -> String {
        var out = ""
        var lastSpace = false
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029
            if isControl || scalar == " " {
                if !lastSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
                lastSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out.count > maxCharacters ? String(out.prefix(maxCharacters)) : out
    }
}
