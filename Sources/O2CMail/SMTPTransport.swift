import CCurl
import Foundation
import O2CCore

/// Sends each message to one SMTP server with libcurl (`smtp://` with STARTTLS when the server
/// offers it, required when credentials would otherwise cross the network in clear; `smtps://`
/// TLS from the start). One connection per message: the outbox sends few mails, and each try
/// stands alone. Blocking: call it through `blocking`.
public struct SMTPTransport: MailTransport {
    /// The server.
    public let url: SMTPURL
    /// Seconds to connect.
    public let connectTimeoutSeconds: Int
    /// Seconds for the whole exchange.
    public let timeoutSeconds: Int

    /// A transport to `url`.
    public init(url: SMTPURL, connectTimeoutSeconds: Int = 10, timeoutSeconds: Int = 60) {
        self.url = url
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    public var destination: String { url.redacted }

    private static let globalInit: Bool = o2c_curl_global_init_all() == CURLE_OK

    public func deliver(_ message: MailMessage) throws(MailError) -> String {
        guard Self.globalInit, let easy = curl_easy_init() else { throw MailError(.temporary, "libcurl could not start an SMTP session") }
        defer { curl_easy_cleanup(easy) }
        let upload = UploadBuffer(message.rendered)
        let box = Unmanaged.passRetained(upload)
        defer { box.release() }
        let recipients = curl_slist_append(nil, "<\(message.to.value)>")
        defer { curl_slist_free_all(recipients) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var rc = CURLE_OK
            func set(_ r: CURLcode) { if rc == CURLE_OK { rc = r } }
            set(o2c_easy_setopt_string(easy, CURLOPT_URL, url.raw))
            set(o2c_easy_setopt_string(easy, CURLOPT_MAIL_FROM, "<\(message.from.value)>"))
            set(o2c_easy_setopt_pointer(easy, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(recipients)))
            set(o2c_easy_setopt_long(easy, CURLOPT_UPLOAD, 1))
            set(o2c_easy_setopt_read_callback(easy, CURLOPT_READFUNCTION) { buffer, size, count, user in
                guard let buffer, let user else { return 0 }
                return Unmanaged<UploadBuffer>.fromOpaque(user).takeUnretainedValue().read(into: buffer, max: size * count)
            })
            set(o2c_easy_setopt_pointer(easy, CURLOPT_READDATA, box.toOpaque()))
            set(o2c_easy_setopt_long(easy, CURLOPT_INFILESIZE, upload.count))
            set(o2c_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
            set(o2c_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT, connectTimeoutSeconds))
            set(o2c_easy_setopt_long(easy, CURLOPT_TIMEOUT, timeoutSeconds))
            set(o2c_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
            if url.scheme == "smtp" {
                // Credentials to another machine only under TLS; to this machine, TLS when offered.
                let tls = url.hasCredentials && !url.isLoopback ? CURLUSESSL_ALL : CURLUSESSL_TRY
                set(o2c_easy_setopt_long(easy, CURLOPT_USE_SSL, Int(tls.rawValue)))
            }
            set(o2c_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errors.baseAddress)))
            guard rc == CURLE_OK else { return rc }
            return curl_easy_perform(easy)
        }
        if code == CURLE_OK { return url.redacted }
        var response = 0
        _ = o2c_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &response)
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let what = String(cString: curl_easy_strerror(code))
        let text = url.redact("SMTP delivery of \(message.messageID) to \(url.redacted) failed: \(what)"
                              + (detail.isEmpty ? "" : " (\(detail))") + (response > 0 ? "; server replied \(response)" : ""))
        if code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT || code == CURLE_LOGIN_DENIED {
            throw MailError(.badConfiguration, text + (code == CURLE_LOGIN_DENIED ? "; check the user and password in O2C_SMTP_URL" : "; check O2C_SMTP_URL"))
        }
        if (500...599).contains(response) { throw MailError(.rejected, text) }
        throw MailError(.temporary, text)
    }
}

/// The message bytes libcurl reads through the read callback (one transfer, one thread).
final class UploadBuffer: @unchecked Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let n = min(max, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
