/// Why a benchmark stopped.
public struct BenchError: Error, Sendable, CustomStringConvertible {
    /// What happened.
    public let message: String
    /// The message.
    public var description: String { message }
}
