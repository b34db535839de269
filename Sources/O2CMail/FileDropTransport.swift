import Foundation
import O2CCore

/// Writes each message as an RFC 5322 `.eml` file in a folder (`outbox/` under O2C_HOME when no
/// SMTP server is set), named after its Message-ID, atomically: written to a temporary file,
/// flushed, then renamed, so a reader never sees half a message and a second try replaces the
/// file with the same bytes. Files are readable by their owner only (they hold customer data).
public struct FileDropTransport: MailTransport {
    /// The folder.
    public let directory: String

    /// A transport into `directory` (created on first use, mode 0700).
    public init(directory: String) {
        self.directory = directory
    }

    public var destination: String { "file:" + directory }

    /// The file name of a message: its Message-ID's local part, with only `[A-Za-z0-9._-]`.
    public static func fileName(_ message: MailMessage) -> String {
        var id = message.messageID
        if id.hasPrefix("<") { id.removeFirst() }
        let local = id.split(separator: "@").first.map(String.init) ?? id
        let safe = String(local.prefix(120).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") ? $0 : "_" })
        return (safe.isEmpty || safe.hasPrefix(".") ? "m" + safe : safe) + ".eml"
    }

    public func deliver(_ message: MailMessage) throws(MailError) -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if !fm.fileExists(atPath: directory, isDirectory: &isDir) {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw MailError(.badConfiguration, "cannot create the outbox folder \(directory): \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw MailError(.badConfiguration, "\(directory) is a file, not the outbox folder; move it away")
        }
        let name = Self.fileName(message)
        let final = directory + "/" + name
        let temp = directory + "/.\(name).\(getpid()).tmp"
        let bytes = message.rendered
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw MailError(.temporary, "cannot write \(temp): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return fsync(fd) == 0 }
            while written < raw.count {
                let n = write(fd, base + written, raw.count - written)
                if n <= 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let closed = close(fd) == 0
        guard ok, closed, rename(temp, final) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw MailError(.temporary, "cannot write \(final): \(why)")
        }
        return "file:" + final
    }
}
