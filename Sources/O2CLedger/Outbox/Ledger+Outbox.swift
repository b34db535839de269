import Foundation
import GRDB
import O2CCore

/// The outbox: e-mails the books caused, and their delivery. Rows are written by the gate with
/// the action (`send_invoice`, `send_dunning_notice`); delivery (`O2CMail`, a worker job) only
/// records its tries here. Delivery state is not the books, so it is not audited; changing the
/// sender is (`setMailSender`).
extension Ledger {
    /// One message.
    public func outboxMessage(_ id: String) throws(LedgerError) -> OutboxMessage {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ? OR message_id = ?", arguments: [id, id]) else {
                throw LedgerError(.notFound, "no outbox message \(id); 'o2c outbox list' shows them")
            }
            return OutboxMessage(row: row)
        }
    }

    /// Messages, newest first, optionally of one status or about one document; at most `limit`
    /// (1 to 10,000).
    public func outbox(status: OutboxMessage.Status? = nil, document: String? = nil, limit: Int = 100) throws(LedgerError) -> [OutboxMessage] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR document_id = ?2) ORDER BY seq DESC LIMIT ?3
                """, arguments: [status?.rawValue, document, max(1, limit)]).map(OutboxMessage.init(row:))
        }
    }

    /// How many messages are in each status.
    public func outboxCounts() throws(LedgerError) -> [OutboxMessage.Status: Int] {
        try read { db in
            var counts: [OutboxMessage.Status: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM outbox GROUP BY status") {
                if let s = OutboxMessage.Status(rawValue: r[0]) { counts[s] = r[1] }
            }
            return counts
        }
    }

    /// Records the start of a delivery try; returns the message as it now is (nil when it was
    /// delivered already: nothing to do).
    public func beginDelivery(_ id: String) throws(LedgerError) -> OutboxMessage? {
        let now = clock.now().iso8601
        return try write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, updated_at = ? WHERE id = ? AND status != 'sent'", arguments: [now, id])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "no outbox message \(id)")
            }
            let m = OutboxMessage(row: row)
            return m.status == .sent ? nil : m
        }
    }

    /// Records a delivered message and how (`smtp`, `file:PATH`).
    public func markDelivered(_ id: String, transport: String) throws(LedgerError) {
        let now = clock.now().iso8601
        try write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'sent', transport = ?, delivered_at = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                           arguments: [String(transport.prefix(500)), now, now, id])
        }
    }

    /// Records a failed try: the message stays `queued` for the next try, or `failed` when
    /// `final` (its job was parked). The error must carry no secret (the sender redacts).
    public func markDeliveryFailed(_ id: String, error: String, final: Bool) throws(LedgerError) {
        let now = clock.now().iso8601
        try write { db in
            try db.execute(sql: "UPDATE outbox SET status = ?, last_error = ?, updated_at = ? WHERE id = ? AND status != 'sent'",
                           arguments: [final ? "failed" : "queued", String(error.prefix(2000)), now, id])
        }
    }

    /// The company's sender address (the domain of every Message-ID).
    public func mailSender() throws(LedgerError) -> String {
        try read { db in try Outbox.sender(db) }
    }

    /// Sets the company's sender address for messages queued from now on; audited.
    public func setMailSender(_ address: String, actor: Actor) throws(LedgerError) {
        if let problem = EmailAddress.problem(address) {
            throw LedgerError(.badRequest, "'\(EmailAddress.headerText(address, maxCharacters: 80))' is not a sender address: \(problem)")
        }
        let now = clock.now().iso8601
        try write { db in
            try db.execute(sql: "UPDATE company SET mail_from = ? WHERE id = 1", arguments: [address])
            _ = try Audit.append(db, at: now, actor: actor, action: "set_mail_sender", args: JSONValue.object(["mail_from": .string(address)]).canonical,
                                 result: "{}", idempotencyKey: nil, approvalID: nil)
        }
    }
}
