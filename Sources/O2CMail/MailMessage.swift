import Foundation
import O2CCore

/// One e-mail as RFC 5322 text: plain-text UTF-8 body (quoted-printable, so the file and the SMTP
/// transfer stay 7-bit), CRLF line ends, every header on one logical line. Header values are
/// built from checked addresses and one-line texts; a non-ASCII subject or name is RFC 2047
/// encoded. The same fields always give the same bytes, so a second try sends the same message.
public struct MailMessage: Sendable, Equatable {
    /// Sender address.
    public var from: EmailAddress
    /// Recipient address.
    public var to: EmailAddress
    /// Recipient's name (any text; made one line).
    public var toName: String
    /// Subject (any text; made one line).
    public var subject: String
    /// Plain-text body.
    public var body: String
    /// `<id@domain>`.
    public var messageID: String
    /// The `Date:`.
    public var date: Date
    /// More headers (`X-O2C-Document`), names checked, values made one line.
    public var extraHeaders: [(String, String)]

    /// A message.
    public init(from: EmailAddress, to: EmailAddress, toName: String, subject: String, body: String, messageID: String, date: Date,
                extraHeaders: [(String, String)] = []) {
        self.from = from
        self.to = to
        self.toName = toName
        self.subject = subject
        self.body = body
        self.messageID = messageID
        self.date = date
        self.extraHeaders = extraHeaders
    }

    public static func == (a: MailMessage, b: MailMessage) -> Bool { a.rendered == b.rendered }

    /// The message as sent: headers, a blank line, the encoded body; CRLF line ends.
    public var rendered: [UInt8] {
        var lines: [String] = []
        lines.append("Date: " + MailMessage.rfc5322Date(date))
        lines.append("From: " + from.value)
        lines.append("To: " + MailMessage.mailbox(name: toName, address: to))
        lines.append("Subject: " + MailMessage.encodedHeaderText(EmailAddress.headerText(subject, maxCharacters: 998), prefixLength: 9))
        lines.append("Message-ID: " + MailMessage.safeMessageID(messageID))
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: text/plain; charset=utf-8")
        lines.append("Content-Transfer-Encoding: quoted-printable")
        for (name, value) in extraHeaders where MailMessage.isHeaderName(name) {
            lines.append(name + ": " + MailMessage.encodedHeaderText(EmailAddress.headerText(value), prefixLength: name.count + 2))
        }
        var out = Array(lines.joined(separator: "\r\n").utf8)
        out += Array("\r\n\r\n".utf8)
        out += QuotedPrintable.encode(body)
        return out
    }

    // MARK: headers

    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 60 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    /// `<local@domain>` with only the characters a msg-id may hold; anything else becomes `_`.
    static func safeMessageID(_ id: String) -> String {
        var inner = id
        if inner.hasPrefix("<") { inner.removeFirst() }
        if inner.hasSuffix(">") { inner.removeLast() }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@+=")
        return "<" + String(inner.prefix(200).map { allowed.contains($0) ? $0 : "_" }) + ">"
    }

    /// `"Name" <address>`, the name quoted (plain ASCII) or RFC 2047 encoded.
    static func mailbox(name: String, address: EmailAddress) -> String {
        let clean = EmailAddress.headerText(name, maxCharacters: 100)
        if clean.isEmpty { return address.value }
        let plain = clean.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        let shown = plain ? "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : encodedWords(clean).joined(separator: "\r\n ")
        return shown + " <" + address.value + ">"
    }

    /// A header value: as it is when short plain ASCII, else RFC 2047 encoded words on folded lines.
    static func encodedHeaderText(_ text: String, prefixLength: Int) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if plain && !text.contains("=?") && text.count + prefixLength <= 78 { return text }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in text {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes.prefix(45)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// `Thu, 03 Dec 2026 09:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secs = Int(seconds - Int64(days) * 86_400)
        let d = BusinessDate(dayNumber: days)
        let (y, m, day) = d.components
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(month) \(y) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) +0000"
    }
}
