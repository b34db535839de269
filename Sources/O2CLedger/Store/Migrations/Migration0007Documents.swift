import GRDB

/// Migration `0007-documents`: what bank statements and cash application need.
/// - `payments.structured_reference`, `payments.end_to_end_id`: the creditor reference
///   (`RmtInf/Strd/CdtrRefInf/Ref`, e.g. an ISO 11649 RF reference) and the payer's end-to-end id
///   from a camt.053 entry, kept beside the free remittance text.
/// - `cash_matches`: every proposal of the cash-application engine for a payment, with its
///   confidence, reasons and what became of it (applied, waiting for approval, unmatched), so
///   `o2c payments show` can explain each match. Written with an audit record (`audit_seq`).
/// - an index on the accounts of payers already tied to a customer (known payer accounts).
/// Shipped: never edit it; add a new migration instead.
enum Migration0007Documents {
    static let id = "0007-documents"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payments ADD COLUMN structured_reference TEXT;
            ALTER TABLE payments ADD COLUMN end_to_end_id TEXT;
            CREATE INDEX payments_known_accounts ON payments(payer_account, customer_id)
              WHERE payer_account IS NOT NULL AND customer_id IS NOT NULL;
            CREATE TABLE cash_matches (
              id INTEGER PRIMARY KEY,
              payment_id TEXT NOT NULL REFERENCES payments(id),
              status TEXT NOT NULL CHECK (status IN ('applied', 'pending_approval', 'unmatched', 'refused')),
              method TEXT NOT NULL,
              confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),
              threshold INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100),
              allocations TEXT NOT NULL,
              reasons TEXT NOT NULL,
              alternatives TEXT NOT NULL,
              approval_id TEXT,
              outcome TEXT NOT NULL,
              actor TEXT NOT NULL,
              digest TEXT NOT NULL,
              created_at TEXT NOT NULL,
              audit_seq INTEGER NOT NULL
            );
            CREATE INDEX cash_matches_payment ON cash_matches(payment_id, id);
            """)
    }
}
