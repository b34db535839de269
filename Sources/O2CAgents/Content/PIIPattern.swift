/// A text pattern of personal or payment data from `guardrails/content/pii.yaml`, replaced by
/// `[redacted:LABEL]` before text reaches a model.
public struct PIIPattern: Sendable, Hashable {
    /// An extra test a match must pass, so look-alike numbers are left alone.
    public enum Check: String, Sendable, Hashable, CaseIterable {
        /// Every match is redacted.
        case none
        /// Card numbers: 13 to 19 digits passing the Luhn checksum.
        case luhn
        /// IBANs: country code, check digits and the ISO 13616 mod-97 checksum.
        case iban
    }

    /// Short name, also the default label.
    public let name: String
    /// The regular expression (ICU syntax).
    public let regex: String
    /// Whether the match is case-insensitive.
    public let caseInsensitive: Bool
    /// The label in `[redacted:LABEL]`.
    public let label: String
    /// The extra test a match must pass.
    public let check: Check

    /// A pattern.
    public init(name: String, regex: String, caseInsensitive: Bool = true, label: String? = nil, check: Check = .none) {
        self.name = name
        self.regex = regex
        self.caseInsensitive = caseInsensitive
        self.label = label ?? name
        self.check = check
    }

    /// Whether the matched text passes the pattern's check.
    public func passesCheck(_ matched: String) -> Bool {
        switch check {
        case .none: return true
        case .luhn: return PIIPattern.luhnValid(matched)
        case .iban: return PIIPattern.ibanValid(matched)
        }
    }

    /// The Luhn checksum over the digits of `text` (other characters ignored); 13 to 19 digits.
    public static func luhnValid(_ text: String) -> Bool {
        let digits = text.unicodeScalars.compactMap { s -> Int? in
            (48...57).contains(s.value) ? Int(s.value - 48) : nil
        }
        guard (13...19).contains(digits.count) else { return false }
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            if k % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }

    /// The IBAN mod-97 checksum (spaces ignored); 15 to 34 characters.
    public static func ibanValid(_ text: String) -> Bool {
        let chars = Array(text.uppercased().unicodeScalars.filter { $0 != " " })
        guard (15...34).contains(chars.count) else { return false }
        let rearranged = chars[4...] + chars[..<4]
        var remainder = 0
        for c in rearranged {
            switch c.value {
            case 48...57:
                remainder = (remainder * 10 + Int(c.value - 48)) % 97
            case 65...90:
                remainder = (remainder * 100 + Int(c.value - 55)) % 97
            default:
                return false
            }
        }
        return remainder == 1
    }
}
