/// An error of the ledger, with what a person needs to fix it.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public enum Code: String, Sendable {
        /// The file is not an o2c SQLite database.
        case notADatabase = "not_a_database"
        /// The database cannot be written (read-only file or folder).
        case readOnly = "read_only"
        /// The database does not exist yet.
        case notInitialized = "not_initialized"
        /// The database already holds a ledger.
        case alreadyInitialized = "already_initialized"
        /// The database was written by a newer o2c.
        case newerSchema = "newer_schema"
        /// A document that was asked for does not exist.
        case notFound = "not_found"
        /// An argument of a query is wrong.
        case badRequest = "bad_request"
        /// SQLite failed in a way that is not the caller's fault.
        case storage = "storage"
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The underlying error, when there is one.
    public let underlying: String?

    /// An error.
    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
