import Foundation

/// Text helpers shared by the content guardrails: the normal form patterns are matched against,
/// and the removal of characters a reader cannot see.
enum ContentText {
    /// The text as patterns see it: compatibility forms folded (fullwidth `ｉｇｎｏｒｅ` → `ignore`,
    /// ligatures split), accents and other combining marks dropped, invisible format characters
    /// (zero-width spaces and joiners, bidi overrides, tag characters, soft hyphens) and control
    /// characters removed, common Cyrillic and Greek look-alikes mapped to Latin letters, dashes
    /// unified to `-`, and horizontal space runs collapsed to one space. Newlines stay.
    static func normalized(_ text: String) -> String {
        normalizedASCII(text) ?? normalizedUnicode(text)
    }

    /// `normalized` of a text that is all ASCII, without Foundation's normal forms: ASCII has no
    /// compatibility forms, marks, invisible characters or look-alikes, so this only drops the
    /// control characters other than tab and line breaks, collapses runs of spaces and tabs to
    /// one space and turns `\r` into `\n`, as the general path does. Nil for any other text.
    static func normalizedASCII(_ text: String) -> String? {
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var lastWasSpace = false
                for byte in bytes {
                    switch byte {
                    case 0x0A, 0x0D:
                        out[count] = 0x0A
                        count += 1
                        lastWasSpace = false
                    case 0x20, 0x09:
                        if !lastWasSpace {
                            out[count] = 0x20
                            count += 1
                        }
                        lastWasSpace = true
                    case 0..<0x20, 0x7F:
                        continue
                    default:
                        out[count] = byte
                        count += 1
                        lastWasSpace = false
                    }
                }
                return count
            }
        }
        return result ?? nil
    }

    /// `normalized` for any text.
    static func normalizedUnicode(_ text: String) -> String {
        let decomposed = text.decomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in decomposed.unicodeScalars {
            let category = scalar.properties.generalCategory
            switch category {
            case .nonspacingMark, .enclosingMark, .format:
                continue
            default:
                break
            }
            if isInvisible(scalar) { continue }
            if scalar == "\n" || scalar == "\r" {
                out.append("\n")
                lastWasSpace = false
                continue
            }
            if scalar.properties.isWhitespace || category == .control {
                if category == .control && scalar != "\t" { continue }
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            if let mapped = lookAlikes[scalar] {
                out.append(mapped)
            } else if category == .dashPunctuation || scalar == "\u{2212}" {
                out.append("-")
            } else {
                out.append(scalar)
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// Whether a scalar is invisible and has no business in business text: zero-width characters,
    /// joiners, bidi controls, tag characters, variation selectors, soft hyphen and the like.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F,
            0x202A...0x202E, 0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF9...0xFFFB,
            0x1D173...0x1D17A, 0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    /// The text without control characters (other than newline and tab) and invisible characters;
    /// `\r\n` and lone `\r` become `\n`. Visible characters are kept exactly.
    static func stripped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if scalar == "\r" {
                out.append("\n")
                continue
            }
            if scalar == "\n" {
                if !previousWasCR { out.append("\n") }
                continue
            }
            if scalar == "\t" {
                out.append(scalar)
                continue
            }
            let category = scalar.properties.generalCategory
            if category == .control || category == .format || isInvisible(scalar) { continue }
            if category == .lineSeparator || category == .paragraphSeparator {
                out.append("\n")
                continue
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// At most `limit` characters of `text` around `range`, on one line, with `…` where cut.
    static func excerpt(_ text: String, around range: Range<String.Index>, limit: Int = 80) -> String {
        let matchLength = text.distance(from: range.lowerBound, to: range.upperBound)
        var start = range.lowerBound
        var end = range.upperBound
        if matchLength >= limit - 2 {
            end = text.index(start, offsetBy: limit - 2, limitedBy: text.endIndex) ?? text.endIndex
        } else {
            let room = limit - 2 - matchLength
            var before = room / 2
            var after = room - before
            while before > 0, start > text.startIndex {
                start = text.index(before: start)
                before -= 1
            }
            after += before
            while after > 0, end < text.endIndex {
                end = text.index(after: end)
                after -= 1
            }
            while after > 0, start > text.startIndex {
                start = text.index(before: start)
                after -= 1
            }
        }
        var body = String(text[start..<end])
        body = String(body.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let prefix = start > text.startIndex ? "…" : ""
        let suffix = end < text.endIndex ? "…" : ""
        return prefix + body + suffix
    }

    /// Cyrillic and Greek letters that look like Latin ones, for matching only.
    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(UInt32, Character)] = [
            // Cyrillic lower case
            (0x0430, "a"), (0x0432, "b"), (0x0435, "e"), (0x043A, "k"), (0x043C, "m"), (0x043D, "h"), (0x043E, "o"),
            (0x0440, "p"), (0x0441, "c"), (0x0442, "t"), (0x0443, "y"), (0x0445, "x"), (0x0455, "s"), (0x0456, "i"),
            (0x0458, "j"), (0x0501, "d"), (0x04BB, "h"), (0x04CF, "l"), (0x051B, "q"), (0x051D, "w"),
            // Cyrillic upper case
            (0x0410, "A"), (0x0412, "B"), (0x0415, "E"), (0x041A, "K"), (0x041C, "M"), (0x041D, "H"), (0x041E, "O"),
            (0x0420, "P"), (0x0421, "C"), (0x0422, "T"), (0x0423, "Y"), (0x0425, "X"), (0x0405, "S"), (0x0406, "I"),
            (0x0408, "J"),
            // Greek
            (0x03B1, "a"), (0x03B5, "e"), (0x03B9, "i"), (0x03BA, "k"), (0x03BD, "v"), (0x03BF, "o"), (0x03C1, "p"),
            (0x03C4, "t"), (0x03C5, "u"), (0x03C7, "x"), (0x0391, "A"), (0x0392, "B"), (0x0395, "E"), (0x0396, "Z"),
            (0x0397, "H"), (0x0399, "I"), (0x039A, "K"), (0x039C, "M"), (0x039D, "N"), (0x039F, "O"), (0x03A1, "P"),
            (0x03A4, "T"), (0x03A5, "Y"), (0x03A7, "X"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (code, latin) in pairs {
            if let from = Unicode.Scalar(code), let to = latin.unicodeScalars.first { table[from] = to }
        }
        return table
    }()
}
