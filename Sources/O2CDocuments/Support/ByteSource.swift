#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes read in chunks, so a file of any size is read in constant memory.
public protocol ByteSource {
    /// The next chunk, or nil at the end.
    mutating func nextChunk() throws(DocumentError) -> [UInt8]?
}

/// A file read in 64 KiB chunks with POSIX `read`.
public final class FileByteSource: ByteSource {
    private let fd: Int32
    private let path: String
    private static let chunkBytes = 65_536

    /// Opens `path` for reading; a missing, unreadable or non-regular file is refused.
    public init(path: String) throws(DocumentError) {
        self.path = path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DocumentError(.unreadable, file: path, "cannot read the file: \(String(cString: strerror(errno))); check the path")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DocumentError(.unreadable, file: path, "not a regular file; give the path of a CSV or XML file")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw DocumentError(.unreadable, file: path, "cannot open the file: \(String(cString: strerror(errno))); check its permissions")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The next chunk of at most 64 KiB.
    public func nextChunk() throws(DocumentError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, Self.chunkBytes) }
            if n > 0 { return Array(buffer[0..<n]) }
            if n == 0 { return nil }
            if errno == EINTR { continue }
            throw DocumentError(.unreadable, file: path, "reading failed: \(String(cString: strerror(errno)))")
        }
    }

    /// The whole file, refused when it is larger than `maxBytes`.
    public static func readAll(path: String, maxBytes: Int) throws(DocumentError) -> [UInt8] {
        let source = try FileByteSource(path: path)
        var all: [UInt8] = []
        while let chunk = try source.nextChunk() {
            if all.count + chunk.count > maxBytes {
                throw DocumentError(.tooLarge, file: path, "the file is larger than \(maxBytes / 1_048_576) MiB, more than o2c reads in one import; split it")
            }
            all += chunk
        }
        return all
    }
}

/// Bytes already in memory (tests, small inputs), handed out in one chunk.
public struct MemoryByteSource: ByteSource {
    private var bytes: [UInt8]?

    /// A source over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// A source over the UTF-8 of `text`.
    public init(text: String) { self.bytes = Array(text.utf8) }

    /// All the bytes, then nil.
    public mutating func nextChunk() throws(DocumentError) -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}
