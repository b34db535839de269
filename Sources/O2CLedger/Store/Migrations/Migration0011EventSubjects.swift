import GRDB

/// Migration `0011-event-subjects`: `events_subject`, the events of one document in order. An
/// order's, invoice's or payment's history (`o2c orders show`, `GET /v1/orders/{id}`) read every
/// event in the ledger before it: a scan that grows with the ledger (about 9 events per order).
/// Shipped: never edit it; add a new migration instead.
enum Migration0011EventSubjects {
    static let id = "0011-event-subjects"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX events_subject ON events(subject_id)")
    }
}
