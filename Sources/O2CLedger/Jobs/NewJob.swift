import Foundation
import O2CCore

/// A job to enqueue: what to do and its unique key (`Ledger.enqueue`, the event router).
public struct NewJob: Sendable, Equatable {
    /// The handler registry's key (`reserve_stock`, `agent`, ...).
    public var kind: String
    /// Unique key; a job with this key already enqueued makes this one a no-op.
    public var key: String
    /// The document it is about.
    public var subject: String
    /// Handler-specific arguments.
    public var payload: JSONValue
    /// Tries before the job is parked `failed` (1...100).
    public var maxAttempts: Int
    /// The event that caused it.
    public var eventID: Int64?
    /// Seconds from now before its first try.
    public var delaySeconds: Double

    /// A job.
    public init(kind: String, key: String, subject: String, payload: JSONValue = .object(JSONObject()), maxAttempts: Int = 5,
                eventID: Int64? = nil, delaySeconds: Double = 0) {
        self.kind = kind
        self.key = key
        self.subject = subject
        self.payload = payload
        self.maxAttempts = maxAttempts
        self.eventID = eventID
        self.delaySeconds = delaySeconds
    }
}
