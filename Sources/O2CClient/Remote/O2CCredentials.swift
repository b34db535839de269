import Foundation
import O2CCore

/// What `o2c login` stores: the server and the person's token, in
/// `$XDG_CONFIG_HOME/o2c/credentials` (else `~/.config/o2c/credentials`), readable by its owner
/// only (mode 0600). A file others can read is refused, as ssh refuses a readable key.
public struct O2CCredentials: Sendable, Equatable {
    /// The server (`https://o2c.example.internal`).
    public var url: String
    /// The token of `o2c users add|token`.
    public var token: String

    /// Credentials for `url`.
    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    /// The file's path, or nil when neither `XDG_CONFIG_HOME` nor `HOME` is set.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/o2c/credentials" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/o2c/credentials" }
        return nil
    }

    /// The stored credentials; nil when there is no file.
    public static func load(from path: String) throws(O2CClientError) -> O2CCredentials? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw O2CClientError(.credentials, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw O2CClientError(.credentials, "\(path) is not a regular file; remove it and run 'o2c login' again")
        }
        guard info.st_uid == getuid() else {
            throw O2CClientError(.credentials, "\(path) belongs to another user; remove it and run 'o2c login' again")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw O2CClientError(.credentials, "\(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); "
                                 + "run 'chmod 600 \(path)', or 'o2c logout' and log in again")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let doc = try? JSONParser().parse(bytes: Array(data)),
              let url = doc["url"]?.stringValue, let token = doc["token"]?.stringValue, !url.isEmpty, !token.isEmpty
        else { throw O2CClientError(.credentials, "\(path) is not what 'o2c login' writes; run 'o2c login' again") }
        return O2CCredentials(url: url, token: token)
    }

    /// Writes the file with mode 0600 (its folder 0700), replacing any earlier one at once.
    public func save(to path: String) throws(O2CClientError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw O2CClientError(.credentials, "cannot create \(folder): \(error.localizedDescription)")
        }
        let temporary = path + ".\(getpid()).tmp"
        let text = Array((JSONValue.object(["url": .string(url), "token": .string(token)]).serialized(pretty: true) + "\n").utf8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw O2CClientError(.credentials, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == text.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw O2CClientError(.credentials, "cannot write \(path): \(reason)")
        }
    }

    /// Removes the file; false when there was none.
    public static func remove(at path: String) throws(O2CClientError) -> Bool {
        guard unlink(path) == 0 else {
            if errno == ENOENT { return false }
            throw O2CClientError(.credentials, "cannot remove \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }
}
