import Crypto

/// A part of a model request body that every request of the same agent repeats: its system
/// prompt or its tool list, as JSON. A trace stores it once, by digest, instead of in every
/// request (docs/PERFORMANCE.md).
public struct RequestFragment: Sendable, Equatable {
    /// Where it starts in the request body.
    public let offset: Int
    /// Its bytes, as sent.
    public let bytes: [UInt8]
    /// `sha256:` and the lower-case hex SHA-256 of `bytes`.
    public let digest: String

    /// A fragment.
    public init(offset: Int, bytes: [UInt8], digest: String) {
        self.offset = offset
        self.bytes = bytes
        self.digest = digest
    }

    /// `sha256:` and the lower-case hex SHA-256 of `bytes`.
    public static func digest(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
