/// Failure to start a `ScriptedModelServer`.
public struct ScriptedModelServerError: Error, Sendable, Equatable {
    /// What failed (socket, bind, listen, ...), with errno.
    public var message: String

    /// Creates an error.
    public init(message: String) {
        self.message = message
    }
}
