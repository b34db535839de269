import GRDB

/// Migration `0008-outbox-dunning`: e-mail and dunning.
/// - `outbox`: one row per e-mail the books cause (an invoice sent, a dunning notice), written in
///   the same transaction as the action; its `message_id` is derived from the document, so a
///   resend after a crash is the same message. Delivery state and tries live on the row.
/// - `dunning_notices.fee_minor`, `fee_currency`: the fee a dunning level charges, recorded on
///   the notice (posting it to the books needs an action SPEC §5 does not list).
/// - `company.mail_from`: the sender of the company's e-mails (its domain names the messages).
/// (0005–0007 are taken by other branches.) Shipped: never edit it; add a new migration instead.
enum Migration0008OutboxDunning {
    static let id = "0008-outbox-dunning"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              message_id TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL CHECK (kind IN ('invoice', 'dunning')),
              document_id TEXT NOT NULL,
              customer_id TEXT NOT NULL REFERENCES customers(id),
              from_address TEXT NOT NULL,
              to_address TEXT NOT NULL,
              to_name TEXT NOT NULL,
              subject TEXT NOT NULL CHECK (length(subject) <= 1000 AND instr(subject, char(10)) = 0 AND instr(subject, char(13)) = 0),
              body TEXT NOT NULL CHECK (length(body) <= 65536),
              status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
              attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
              last_error TEXT,
              transport TEXT,
              delivered_at TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL,
              CHECK (instr(to_address, char(10)) = 0 AND instr(to_address, char(13)) = 0
                     AND instr(from_address, char(10)) = 0 AND instr(from_address, char(13)) = 0
                     AND instr(to_name, char(10)) = 0 AND instr(to_name, char(13)) = 0)
            );
            CREATE INDEX outbox_status ON outbox(status, seq);
            CREATE INDEX outbox_document ON outbox(document_id);
            ALTER TABLE dunning_notices ADD COLUMN fee_minor INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0);
            ALTER TABLE dunning_notices ADD COLUMN fee_currency TEXT;
            ALTER TABLE company ADD COLUMN mail_from TEXT;
            CREATE INDEX dunning_notice_invoices_invoice ON dunning_notice_invoices(invoice_id);
            """)
    }
}
