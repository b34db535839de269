import GRDB
import O2CCore

extension Ledger {
    /// Records a workflow event that no ledger action raised (`payment.unmatched`, `stock.short`,
    /// ...), with its own audit record (`event.record`) that the event names, so `audit verify`
    /// sees it. It is not a book change: it only tells the workflow and the agents that something
    /// happened. Returns the event's id.
    @discardableResult
    public func recordEvent(type: String, subject: String, payload: JSONValue = .object(JSONObject()),
                            actor: Actor = .workflow) throws(LedgerError) -> Int64 {
        guard Ledger.isEventType(type) else {
            throw LedgerError(.badRequest, "'\(type)' is not an event type; use lower-case words joined by dots, like payment.unmatched")
        }
        guard !subject.isEmpty, subject.count <= 200 else { throw LedgerError(.badRequest, "an event's subject must be 1 to 200 characters") }
        let at = clock.now().iso8601
        return try write { db in
            let body: JSONValue = ["type": .string(type), "subject": .string(subject), "payload": payload]
            let seq = try Audit.append(db, at: at, actor: actor, action: Audit.recordEventAction, args: body.canonical, result: "{}",
                                       idempotencyKey: nil, approvalID: nil)
            return try Ledger.insertEvent(db, type: type, subject: subject, payload: payload, at: at, auditSeq: seq)
        }
    }

    static func insertEvent(_ db: Database, type: String, subject: String, payload: JSONValue, at: String, auditSeq: Int64) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO events (type, subject_id, payload, created_at, audit_seq) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [type, subject, payload.canonical, at, auditSeq])
        return db.lastInsertedRowID
    }

    /// Event types are short lower-case words joined by dots (`payment.unmatched`).
    static func isEventType(_ type: String) -> Bool {
        !type.isEmpty && type.count <= 64 && type.first != "." && type.last != "."
            && type.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || $0 == "." || $0 == "_" }
    }

    /// Events of one subject, oldest first: `[{event, at, data}]`.
    public func events(subject: String) throws(LedgerError) -> [JSONValue] {
        try read { db in try Ledger.eventsJSON(db, subject: subject).arrayValue ?? [] }
    }
}
