/// Escaping for XML 1.0 text and attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become entities; carriage return, and in attributes tab and line
/// feed, become character references so a parser gives them back unchanged; characters XML 1.0
/// cannot carry at all (C0 controls other than tab, line feed and carriage return, U+FFFE and
/// U+FFFF) become U+FFFD, so any text from a customer record yields a well-formed document.
public enum XMLText {
    /// `text` escaped for element content (`attribute: false`) or a double- or single-quoted
    /// attribute value (`attribute: true`).
    public static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#xD;"
            case "\n": out += attribute ? "&#xA;" : "\n"
            case "\t": out += attribute ? "&#x9;" : "\t"
            default:
                if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out
    }
}
