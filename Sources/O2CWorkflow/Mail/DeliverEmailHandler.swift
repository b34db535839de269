import Foundation
import O2CCore
import O2CLedger
import O2CMail

/// Delivers one outbox message (`deliver_email`, subject `MAIL-n`): the e-mail that
/// `send_invoice` or `send_dunning_notice` queued in its own transaction. Each try is recorded on
/// the outbox row (attempts, last error); the message's bytes are the same on every try (same
/// Message-ID, same Date), so a try repeated after a crash is the same mail, not a second one.
/// A message already `sent` is not sent again. A refusal for good (5xx, bad settings, an
/// address that is not one) parks the job at once; anything else retries with the worker's
/// backoff and parks after the last try, leaving the message `failed`.
public struct DeliverEmailHandler: JobHandler {
    /// The job kind.
    public static let kind = "deliver_email"
    /// Where messages go.
    public let transport: any MailTransport

    /// A handler delivering through `transport`.
    public init(transport: any MailTransport) {
        self.transport = transport
    }

    /// The routes: `invoice.sent` and `dunning.sent` → one `deliver_email` job for the outbox
    /// message the event names, keyed by the message (one delivery job per message, whatever
    /// replays the event).
    public static var routes: [Route] {
        ["invoice.sent", "dunning.sent"].map { type in
            Route(eventType: type, kind: kind) { e in
                guard let id = e.payload["outbox_id"]?.stringValue else { return nil }
                return NewJob(kind: kind, key: "\(kind):\(id)", subject: id, payload: ["document_id": .string(e.subject)], maxAttempts: 6, eventID: e.id)
            }
        }
    }

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        guard let message = try await context.ledgerCall({ try $0.beginDelivery(job.subject) }) else {
            return ["outcome": "already_sent", "outbox_id": .string(job.subject)]
        }
        guard let mail = Self.mail(message) else {
            let why = "outbox message \(message.id) has an unusable sender or recipient address; correct it and send the document again"
            try await context.ledgerCall { try $0.markDeliveryFailed(message.id, error: why, final: true) }
            throw JobFailure(why, permanent: true)
        }
        let transport = self.transport
        let result = await blocking { Result<String, MailError> { () throws(MailError) -> String in try transport.deliver(mail) } }
        switch result {
        case .success(let how):
            try await context.ledgerCall { try $0.markDelivered(message.id, transport: how) }
            return ["outcome": "delivered", "outbox_id": .string(message.id), "message_id": .string(message.messageID), "transport": .string(how)]
        case .failure(let error):
            let final = error.isPermanent || job.attempts >= job.maxAttempts
            try await context.ledgerCall { try $0.markDeliveryFailed(message.id, error: error.message, final: final) }
            throw JobFailure(error.message, permanent: error.isPermanent)
        }
    }

    /// The RFC 5322 message of an outbox row (nil when an address does not pass the check).
    public static func mail(_ m: OutboxMessage) -> MailMessage? {
        guard let from = EmailAddress(m.from), let to = EmailAddress(m.to) else { return nil }
        return MailMessage(from: from, to: to, toName: m.toName, subject: m.subject, body: m.body, messageID: m.messageID, date: m.createdAt,
                           extraHeaders: [("X-O2C-Document", m.documentID)])
    }
}
