import O2CCore

/// The content guardrails an agent run goes through (SPEC §7): untrusted text is wrapped and
/// scanned before the model sees it, named PII fields are redacted from tool results, and a
/// dunning e-mail must quote the ledger's amounts and invoice numbers.
public protocol ContentGuard: Sendable {
    /// Wraps outside text as a delimited block of data for the model.
    func wrapUntrusted(_ text: String, source: String) -> String
    /// The sentence of the system prompt that explains the untrusted-data blocks.
    var untrustedDataRule: String { get }
    /// Scans outside text for prompt injection: blocked, and what was found.
    func scan(_ text: String) -> (blocked: Bool, findings: [String])
    /// Removes PII from a tool result before the model sees it.
    func redact(_ value: JSONValue) -> JSONValue
    /// Problems of a dunning e-mail against the invoices it is about (empty when fine).
    func checkDunning(subject: String, body: String, level: Int, invoices: [(id: String, openAmount: String, currency: String)]) -> [String]
}
