/// Why a document cannot be written as UBL: what is wrong and what to do.
public struct UBLExportError: Error, Sendable, CustomStringConvertible {
    /// The document.
    public let documentID: String
    /// What is wrong.
    public let message: String

    public var description: String { "\(documentID): \(message)" }
}
