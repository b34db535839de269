/// One credit of a bank statement, as it becomes a `record_payment`.
public struct BankEntry: Sendable, Hashable {
    /// The line of its `<Ntry>` (or `<TxDtls>` for a split batch) in the file.
    public let line: Int
    /// The amount as written (`"1234.50"`).
    public let amount: String
    /// The currency code (`Ccy`).
    public let currency: String
    /// The booking date (`BookgDt`, else `ValDt`), ISO 8601.
    public let date: String
    /// The stable idempotency key and payment_ref: the bank's `AcctSvcrRef`, else `NtryRef`,
    /// else `camt:` and a digest of the entry (`/N` added for each transaction of a split batch).
    public let key: String
    /// The debtor's name.
    public let payerName: String?
    /// The debtor's account (IBAN, else other id).
    public let payerAccount: String?
    /// Unstructured remittance text (`Ustrd`, and referred document numbers), joined.
    public let reference: String?
    /// The structured creditor reference (`Strd/CdtrRefInf/Ref`).
    public let structuredReference: String?
    /// The end-to-end id (not `NOTPROVIDED`).
    public let endToEndID: String?
}

/// A camt.053 file read and validated: its version and credit entries.
public struct CamtStatementFile: Sendable {
    /// `camt.053.001.02` or `camt.053.001.08`.
    public let version: String
    /// `<Stmt>` elements.
    public let statements: Int
    /// `<Ntry>` elements in all.
    public let entries: Int
    /// Booked credits, one per payment.
    public let credits: [BankEntry]
    /// Entries not recorded and why: `debit`, `not_booked`, `reversal`.
    public let skipped: [String: Int]
}
