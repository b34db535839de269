import Foundation
import GRDB
import O2CCore

/// An event from the ledger's durable event log, as the workflow router sees it.
public struct WorkflowEvent: Sendable, Equatable {
    /// Ascending id (the router's cursor).
    public let id: Int64
    /// `order.approved`, `stock.short`, ...
    public let type: String
    /// The document it is about.
    public let subject: String
    /// What the action said about it.
    public let payload: JSONValue
    /// When it was written.
    public let createdAt: String

    /// An event (tests, custom routers).
    public init(id: Int64, type: String, subject: String, payload: JSONValue, createdAt: String) {
        self.id = id
        self.type = type
        self.subject = subject
        self.payload = payload
        self.createdAt = createdAt
    }

    init(row r: Row) {
        self.init(id: r["id"], type: r["type"], subject: r["subject_id"],
                  payload: (try? JSONParser().parse(r["payload"] as String)) ?? .object(JSONObject()), createdAt: r["created_at"])
    }

    /// `{id, type, subject, payload, created_at}`.
    public var json: JSONValue {
        ["id": .int(id), "type": .string(type), "subject": .string(subject), "payload": payload, "created_at": .string(createdAt)]
    }
}
