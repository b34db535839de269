/// Quoted-printable (RFC 2045 §6.7) for a plain-text body: lines of at most 76 characters with
/// soft breaks, CRLF line ends, trailing spaces encoded; a line's leading `.` and `From ` are
/// encoded too, so no mail transfer agent or mbox reader ever changes the message.
public enum QuotedPrintable {
    /// The encoded body, ending with CRLF.
    public static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (k, line) in lines.enumerated() {
            if k == lines.count - 1 && line.isEmpty { break }
            encodeLine(Array(line.utf8), into: &out)
            out += [0x0D, 0x0A]
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ bytes: [UInt8], into out: inout [UInt8]) {
        var column = 0
        func emit(_ piece: [UInt8]) {
            if column + piece.count > 75 {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
            }
            out += piece
            column += piece.count
        }
        for (i, b) in bytes.enumerated() {
            let last = i == bytes.count - 1
            let atStart = column == 0
            let literal = (b >= 33 && b <= 126 && b != UInt8(ascii: "="))
                || ((b == 0x20 || b == 0x09) && !last)
            let dotStart = atStart && b == UInt8(ascii: ".")
            let fromStart = atStart && b == UInt8(ascii: "F") && bytes[i...].starts(with: Array("From ".utf8))
            if literal && !dotStart && !fromStart {
                emit([b])
            } else {
                emit([UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 0x0F)]])
            }
        }
    }

    /// Decodes quoted-printable text (for tests and tools that read the outbox back).
    public static func decode(_ encoded: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(encoded.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        var i = 0
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "=") {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 2; continue }
                if i + 2 < bytes.count, let h = value(bytes[i + 1]), let l = value(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
