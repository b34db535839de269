import O2CCore
import O2CLedger

/// One line of the routing table: an event type and the job it makes (or none, when the
/// event does not concern this route).
public struct Route: Sendable {
    /// The event type (`order.approved`).
    public let eventType: String
    /// The job kind it makes (for listings).
    public let kind: String
    /// Makes the job for an event, or nil.
    public let make: @Sendable (WorkflowEvent) -> NewJob?

    /// A route.
    public init(eventType: String, kind: String, make: @escaping @Sendable (WorkflowEvent) -> NewJob?) {
        self.eventType = eventType
        self.kind = kind
        self.make = make
    }

    /// A stage route: one `kind` job about the event's subject, keyed `KIND:SUBJECT:EVENT_ID`
    /// (one job per event; the stage's gate key makes the effect once per document).
    public static func stage(_ eventType: String, _ kind: String, maxAttempts: Int = 5) -> Route {
        Route(eventType: eventType, kind: kind) { e in
            NewJob(kind: kind, key: "\(kind):\(e.subject):\(e.id)", subject: e.subject, payload: ["event": .string(e.type)],
                   maxAttempts: maxAttempts, eventID: e.id)
        }
    }
}
