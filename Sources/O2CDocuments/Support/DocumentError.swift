import O2CLedger

/// Why a file was refused as a whole: nothing from it was written. Carries the file, the line
/// (and column) where the problem is, and what to do about it.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable {
        /// The file cannot be read (missing, a folder, no permission).
        case unreadable
        /// The file is larger than o2c reads in one import.
        case tooLarge = "too_large"
        /// The CSV structure is broken (an unterminated quote, a record over the size limit, not UTF-8).
        case malformedCSV = "malformed_csv"
        /// The header lacks a required column, or names one twice.
        case badHeader = "bad_header"
        /// More rows or orders than one import takes.
        case tooManyRows = "too_many_rows"
        /// The XML is not well-formed (or is truncated).
        case notWellFormed = "not_well_formed"
        /// The XML carries a DOCTYPE (entity declarations are refused: XML bombs, external entities).
        case doctypeRefused = "doctype_refused"
        /// The root element is not a camt.053 document of a version o2c reads.
        case wrongNamespace = "wrong_namespace"
        /// The statement breaks the official schema's rules.
        case schemaInvalid = "schema_invalid"
        /// The statement is valid but cannot be recorded (an amount or currency the ledger cannot hold).
        case unrecordable
        /// The official schemas shipped with o2c cannot be found.
        case schemasMissing = "schemas_missing"
        /// The ledger failed (storage, read-only).
        case ledger
    }

    /// The kind of problem.
    public let code: Code
    /// The file.
    public let file: String
    /// The line (1-based), when the problem has one.
    public let line: Int?
    /// The column or element, when the problem has one.
    public let column: String?
    /// What is wrong and what to do.
    public let message: String

    /// An error.
    public init(_ code: Code, file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error of the ledger while importing `file`.
    public init(ledger error: LedgerError, file: String) {
        self.init(.ledger, file: file, error.message)
    }

    /// `FILE:LINE: message` (`FILE: message` without a line).
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(message)"
    }
}
