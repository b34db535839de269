import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Thin POSIX socket helpers for `ScriptedModelServer`.
enum ServerSocket {
    /// Creates a listening socket on 127.0.0.1 with a kernel-chosen port; returns (fd, port).
    static func listenLoopback(backlog: Int32) throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ScriptedModelServerError(message: "socket() failed: errno \(errno)") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(0).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let e = errno
            close(fd)
            throw ScriptedModelServerError(message: "bind() failed: errno \(e)")
        }
        guard listen(fd, backlog) == 0 else {
            let e = errno
            close(fd)
            throw ScriptedModelServerError(message: "listen() failed: errno \(e)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else {
            let e = errno
            close(fd)
            throw ScriptedModelServerError(message: "getsockname() failed: errno \(e)")
        }
        return (fd, Int(UInt16(bigEndian: actual.sin_port)))
    }

    /// Accepts one connection; returns nil when the listener was shut down.
    static func accept(_ listener: Int32) -> Int32? {
        while true {
            let fd = Glibc.accept(listener, nil, nil)
            if fd >= 0 {
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            let e = errno
            if e == EINTR || e == ECONNABORTED { continue }
            if e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM {
                usleep(10_000)
                continue
            }
            return nil
        }
    }

    /// Writes all bytes; returns false when the peer is gone.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Reads some bytes into `buffer`; returns false at EOF or error.
    static func readSome(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return recv(fd, base, raw.count, 0)
            }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Half-closes both directions (wakes a blocked reader) without releasing the descriptor.
    static func shutdownBoth(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Releases the descriptor.
    static func closeFD(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
