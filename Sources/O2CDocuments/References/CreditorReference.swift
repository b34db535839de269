/// ISO 11649 structured creditor references (`RF` + two check digits + up to 21 letters and
/// digits), as a payer quotes them from an invoice. o2c's invoices use the invoice id without
/// its dash as the payload: INV-1042 → `RF` + check digits + `INV1042`.
public enum CreditorReference {
    /// The RF reference o2c prints for an invoice id (`INV-1042` → `RF…INV1042`); nil when the
    /// id has no letters or digits or is longer than 21 of them.
    public static func forInvoice(_ invoiceID: String) -> String? {
        make(payload: invoiceID.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    /// `RF` + check digits + `payload` (1 to 21 letters and digits); nil otherwise.
    public static func make(payload: String) -> String? {
        let p = payload.uppercased()
        guard (1...21).contains(p.count), p.allSatisfy(isAlphanumeric) else { return nil }
        guard let r = mod97(p + "RF00") else { return nil }
        let check = 98 - r
        return "RF" + (check < 10 ? "0" : "") + String(check) + p
    }

    /// The payload of a valid RF reference (spaces ignored, any case); nil when it is not an RF
    /// reference or its check digits are wrong.
    public static func payload(_ text: String) -> String? {
        let compact = text.uppercased().filter { $0 != " " }
        guard isValid(compact) else { return nil }
        return String(compact.dropFirst(4))
    }

    /// Whether `text` (no spaces, upper case) is an RF reference with correct check digits.
    public static func isValid(_ text: String) -> Bool {
        let chars = Array(text)
        guard (5...25).contains(chars.count), chars[0] == "R", chars[1] == "F", chars[2].isASCII, chars[2].isNumber,
              chars[3].isASCII, chars[3].isNumber, chars.allSatisfy(isAlphanumeric) else { return false }
        return mod97(String(chars[4...]) + String(chars[0..<4])) == 1
    }

    /// Whether `text` has the shape of an RF reference (whatever its check digits).
    public static func looksLikeRF(_ text: String) -> Bool {
        let chars = Array(text.uppercased())
        return (5...25).contains(chars.count) && chars[0] == "R" && chars[1] == "F" && chars[2].isASCII && chars[2].isNumber
            && chars[3].isASCII && chars[3].isNumber && chars.allSatisfy(isAlphanumeric)
    }

    private static func isAlphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// The remainder modulo 97 of the number a string of letters (A = 10 … Z = 35) and digits spells.
    private static func mod97(_ text: String) -> Int? {
        var r = 0
        for scalar in text.unicodeScalars {
            let v: Int
            switch scalar {
            case "0"..."9": v = Int(scalar.value) - 48
            case "A"..."Z": v = Int(scalar.value) - 55
            default: return nil
            }
            r = v < 10 ? (r * 10 + v) % 97 : (r * 100 + v) % 97
        }
        return r
    }
}
