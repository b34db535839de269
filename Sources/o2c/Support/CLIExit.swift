/// A controlled exit with a message and an exit code (SPEC §12).
struct CLIExit: Error, Sendable {
    /// The exit code.
    let code: Int32
    /// One line for stderr; nil when the output already said it.
    let message: String?
}
