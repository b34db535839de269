import Foundation
import GRDB
import O2CCore

/// An e-mail in the outbox (`MAIL-n`): written with the action that caused it, delivered by the
/// workflow. Its `messageID` is derived from the document, so every delivery try sends the same
/// message.
public struct OutboxMessage: Sendable, Equatable {
    /// `queued` (waiting or between tries) → `sent`, or `failed` after the last try (`o2c jobs
    /// retry` of its `deliver_email` job tries again).
    public enum Status: String, Sendable, CaseIterable {
        case queued, sent, failed
    }

    /// `MAIL-n`.
    public let id: String
    /// `<INV-1001@domain>`: stable across tries.
    public let messageID: String
    /// `invoice` or `dunning`.
    public let kind: String
    /// The invoice or dunning notice it is about.
    public let documentID: String
    /// The customer it goes to.
    public let customerID: String
    /// Sender address.
    public let from: String
    /// Recipient address (checked: one plain address).
    public let to: String
    /// Recipient's name, one line.
    public let toName: String
    /// Subject, one line.
    public let subject: String
    /// Plain-text body (LF line breaks).
    public let body: String
    /// Delivery state.
    public let status: Status
    /// Delivery tries so far.
    public let attempts: Int
    /// Why the last try failed.
    public let lastError: String?
    /// How it was delivered (`smtp`, `file:PATH`).
    public let transport: String?
    /// When it was delivered.
    public let deliveredAt: Date?
    /// When the action queued it (the message's `Date:`).
    public let createdAt: Date

    init(row r: Row) {
        id = r["id"]
        messageID = r["message_id"]
        kind = r["kind"]
        documentID = r["document_id"]
        customerID = r["customer_id"]
        from = r["from_address"]
        to = r["to_address"]
        toName = r["to_name"]
        subject = r["subject"]
        body = r["body"]
        status = Status(rawValue: r["status"]) ?? .failed
        attempts = r["attempts"]
        lastError = r["last_error"]
        transport = r["transport"]
        deliveredAt = (r["delivered_at"] as String?).flatMap(Ledger.timestamp)
        createdAt = (r["created_at"] as String?).flatMap(Ledger.timestamp) ?? Date(timeIntervalSince1970: 0)
    }

    /// The listing form (`o2c outbox list|show --json`); the body only with `body`.
    public func json(body includeBody: Bool = false) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var o = JSONObject([
            ("id", .string(id)), ("message_id", .string(messageID)), ("kind", .string(kind)), ("document_id", .string(documentID)),
            ("customer_id", .string(customerID)), ("from", .string(from)), ("to", .string(to)), ("to_name", .string(toName)),
            ("subject", .string(subject)), ("status", .string(status.rawValue)), ("attempts", .int(attempts)),
            ("last_error", opt(lastError)), ("transport", opt(transport)), ("delivered_at", opt(deliveredAt?.iso8601)),
            ("created_at", .string(createdAt.iso8601)),
        ])
        if includeBody { o["body"] = .string(body) }
        return .object(o)
    }
}
