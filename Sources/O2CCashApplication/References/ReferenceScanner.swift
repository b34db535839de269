import O2CDocuments

/// Finds invoice numbers in remittance text, structured references and end-to-end ids:
/// exact ids (`INV-1042`), ISO 11649 RF references (check digits verified), ids written another
/// way (`inv 01042`, `INV1042`, `Inv.1042`), numbers after an invoice keyword (`invoice no 1042`,
/// `Rechnung 1042, 1043`), and bare numbers (weak: only ever corroboration). Text is only read,
/// never followed: an instruction inside a reference is just more words.
public enum ReferenceScanner {
    /// The mentions in `texts` (source name, text), strongest first, and notes about what was
    /// found but not trusted (an RF reference with wrong check digits).
    public static func scan(_ texts: [(source: String, text: String)]) -> (mentions: [InvoiceMention], notes: [String]) {
        var mentions: [InvoiceMention] = []
        var notes: [String] = []
        for (source, text) in texts where !text.isEmpty {
            let (m, n) = scan(text, source: source)
            mentions += m
            notes += n
        }
        // One mention per invoice: the strongest.
        var best: [Int: InvoiceMention] = [:]
        for m in mentions {
            if let b = best[m.number], b.strength >= m.strength { continue }
            best[m.number] = m
        }
        let sorted = best.values.sorted { $0.strength != $1.strength ? $0.strength > $1.strength : $0.number < $1.number }
        return (sorted, notes)
    }

    /// Words that announce an invoice number, upper case.
    static let keywords: Set<String> = [
        "INVOICE", "INVOICES", "INVOICENO", "INVNO", "INVOICENR", "RECHNUNG", "RECHNUNGEN", "RECHNUNGSNR", "RG", "RGNR", "FACTURE", "FACTURES",
        "FACTURA", "FACTURAS", "FATTURA", "FATTURE", "FAKTURA", "FACTUUR", "FACT", "BILL",
    ]
    /// Words that may stand between a keyword and the number.
    static let fillers: Set<String> = ["NO", "NR", "NUMBER", "NUM", "N", "NRO", "NUMERO", "NUMMER", "REF", "ID", "AND", "UND", "ET", "Y", "E"]

    private struct Token {
        let text: String
        let start: Int
        let end: Int
        var isDigits: Bool { text.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    private static func tokens(_ bytes: [UInt8]) -> [Token] {
        var out: [Token] = []
        var k = 0
        while k < bytes.count, out.count < 2000 {
            guard isAlnum(bytes[k]) else {
                k += 1
                continue
            }
            let start = k
            while k < bytes.count, isAlnum(bytes[k]) { k += 1 }
            out.append(Token(text: String(decoding: bytes[start..<k], as: UTF8.self), start: start, end: k))
        }
        return out
    }

    private static func isAlnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) }

    private static func scan(_ original: String, source: String) -> ([InvoiceMention], [String]) {
        // Upper-case ASCII; every other character is a separator.
        let upper = Array(original.utf8.prefix(4000)).map { b -> UInt8 in
            if b >= 97 && b <= 122 { return b - 32 }
            return b < 128 ? b : 0x20
        }
        let originalBytes = Array(original.utf8.prefix(4000))
        let toks = tokens(upper)
        var out: [InvoiceMention] = []
        var notes: [String] = []
        var used = Set<Int>()
        func separator(_ a: Token, _ b: Token) -> String { String(decoding: upper[a.end..<b.start], as: UTF8.self) }
        func mention(_ digits: String, _ strength: InvoiceMention.Strength, _ text: String) {
            guard digits.count <= 12, let n = Int(digits), n > 0 else { return }
            out.append(InvoiceMention(number: n, strength: strength, text: String(text.prefix(40)), source: source))
        }

        var i = 0
        while i < toks.count {
            let t = toks[i]
            // RF references, possibly printed in groups of four.
            if CreditorReference.looksLikeRF(t.text) || (t.text.count == 4 && t.text.hasPrefix("RF") && t.text.dropFirst(2).allSatisfy(\.isNumber)) {
                var joined = t.text
                var found: (String, Int)?
                var j = i
                while true {
                    if CreditorReference.isValid(joined) { found = (joined, j) }
                    guard j + 1 < toks.count, separator(toks[j], toks[j + 1]) == " ", toks[j + 1].text.count <= 4,
                          joined.count + toks[j + 1].text.count <= 25 else { break }
                    j += 1
                    joined += toks[j].text
                }
                if let (rf, last) = found, let payload = CreditorReference.payload(rf) {
                    let digits = payload.hasPrefix("INV") ? String(payload.dropFirst(3)) : payload
                    if digits.allSatisfy(\.isNumber) { mention(digits, .exact, rf) }
                    for k in i...last { used.insert(k) }
                    i = last + 1
                    continue
                }
                if CreditorReference.looksLikeRF(t.text) {
                    notes.append("the RF reference \(String(t.text.prefix(25))) in the \(source) has wrong check digits, so it was not used")
                    used.insert(i)
                    i += 1
                    continue
                }
            }
            // INV-1042 exactly, or written another way.
            if t.text == "INV", i + 1 < toks.count, toks[i + 1].isDigits {
                let sep = separator(t, toks[i + 1])
                if sep.count <= 3, sep.allSatisfy({ " -_./#:".contains($0) }) {
                    let digits = toks[i + 1].text
                    let verbatim = String(decoding: originalBytes[t.start..<toks[i + 1].end], as: UTF8.self)
                    let exact = verbatim == "INV-" + digits && !digits.hasPrefix("0")
                    mention(digits, exact ? .exact : .normalised, verbatim)
                    used.insert(i)
                    used.insert(i + 1)
                    i += 2
                    continue
                }
            }
            if t.text.hasPrefix("INV"), t.text.count > 3, t.text.dropFirst(3).allSatisfy(\.isNumber) {
                mention(String(t.text.dropFirst(3)), .normalised, t.text)
                used.insert(i)
                i += 1
                continue
            }
            // "invoice no. 1042, 1043 and 1044"
            if keywords.contains(t.text) {
                var j = i + 1
                var any = false
                while j < toks.count, j <= i + 12 {
                    let u = toks[j]
                    if u.isDigits {
                        mention(u.text, .keyword, t.text + " " + u.text)
                        used.insert(j)
                        any = true
                    } else if !fillers.contains(u.text) {
                        break
                    }
                    j += 1
                }
                if any {
                    i = j
                    continue
                }
            }
            i += 1
        }
        // Bare numbers: weak, for corroboration only.
        for (k, t) in toks.enumerated() where !used.contains(k) && t.isDigits && t.text.count >= 3 {
            // Part of a date (2026-11-25), an amount (1.234,50) or a phone number: not a reference.
            let joinedBefore = k > 0 && toks[k - 1].isDigits && t.start - toks[k - 1].end == 1
            let joinedAfter = k + 1 < toks.count && toks[k + 1].isDigits && toks[k + 1].start - t.end == 1
            if joinedBefore || joinedAfter { continue }
            mention(t.text, .bare, t.text)
        }
        return (out, notes)
    }
}
