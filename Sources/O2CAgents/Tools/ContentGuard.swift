import O2CCore

/// The content guardrails an agent run goes through (SPEC §7): outside text is scanned, redacted
/// and wrapped before the model sees it, a read tool's result has its personal data redacted and
/// its outside text (names, references, notes people outside the company typed) marked and
/// scanned, and a dunning e-mail must quote the ledger's amounts and invoice numbers.
public protocol ContentGuard: Sendable {
    /// The sentence of the system prompt that explains the untrusted-data markers.
    var untrustedDataRule: String { get }
    /// Outside text made ready for a model: scanned as received, PII redacted, wrapped as a
    /// block of untrusted data from `source`.
    func screen(_ text: String, source: String) -> ScreenedInput
    /// A read tool's result made ready for a model: PII redacted; outside text marked as
    /// untrusted data and scanned (a flagged value gets a warning, a blocked one is withheld).
    func screenToolResult(_ value: JSONValue) -> JSONValue
    /// Problems of a dunning e-mail against the invoices it is about (empty when fine).
    func checkDunning(subject: String, body: String, level: Int, invoices: [(id: String, openAmount: String, currency: String)]) -> [String]
}
