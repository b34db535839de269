import Foundation
import GRDB
import O2CCore

/// A unit of the workflow's work (`JOB-n`), stored in the ledger database beside the books but
/// not part of them: what to do (`kind`, `subject`, `payload`), its state and its lease.
public struct Job: Sendable, Equatable {
    /// Where a job is in its life: `queued` → `running` (leased) → `done`, or back to `queued`
    /// with a later `runAfter` after a failed try, or parked `failed` after its last try.
    public enum Status: String, Sendable, CaseIterable {
        case queued, running, done, failed
    }

    /// `JOB-n`.
    public let id: String
    /// What the job does (`reserve_stock`, `agent`, ...): the handler registry's key.
    public let kind: String
    /// Unique key: enqueueing the same key twice creates one job.
    public let key: String
    /// The document it is about (`SO-1042`, `INV-2211`, ...).
    public let subject: String
    /// Handler-specific arguments.
    public let payload: JSONValue
    /// Where it is.
    public let status: Status
    /// Tries started so far.
    public let attempts: Int
    /// Tries allowed before it is parked `failed`.
    public let maxAttempts: Int
    /// Not run before this time.
    public let runAfter: Date
    /// The worker holding it while `running`.
    public let leaseOwner: String?
    /// When the lease ends; after that another worker may take the job again.
    public let leaseExpiresAt: Date?
    /// Why the last try failed.
    public let lastError: String?
    /// What the last successful try produced.
    public let result: JSONValue?
    /// The event that caused it, if any.
    public let eventID: Int64?
    /// When it was enqueued.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date

    init(row r: Row) {
        func date(_ column: String) -> Date? { (r[column] as String?).flatMap(Ledger.timestamp) }
        id = r["id"]
        kind = r["kind"]
        key = r["key"]
        subject = r["subject_id"]
        payload = (try? JSONParser().parse(r["payload"] as String)) ?? .object(JSONObject())
        status = Status(rawValue: r["status"]) ?? .failed
        attempts = r["attempts"]
        maxAttempts = r["max_attempts"]
        runAfter = date("run_after") ?? Date(timeIntervalSince1970: 0)
        leaseOwner = r["lease_owner"]
        leaseExpiresAt = date("lease_expires_at")
        lastError = r["last_error"]
        result = (r["result"] as String?).flatMap { try? JSONParser().parse($0) }
        eventID = r["event_id"]
        createdAt = date("created_at") ?? Date(timeIntervalSince1970: 0)
        updatedAt = date("updated_at") ?? Date(timeIntervalSince1970: 0)
    }

    /// `{id, kind, key, subject, status, attempts, max_attempts, run_after, lease_owner,
    /// lease_expires_at, last_error, result, event_id, payload, created_at, updated_at}`.
    public var json: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object(JSONObject([
            ("id", .string(id)), ("kind", .string(kind)), ("key", .string(key)), ("subject", .string(subject)),
            ("status", .string(status.rawValue)), ("attempts", .int(attempts)), ("max_attempts", .int(maxAttempts)),
            ("run_after", .string(runAfter.iso8601)), ("lease_owner", opt(leaseOwner)), ("lease_expires_at", opt(leaseExpiresAt?.iso8601)),
            ("last_error", opt(lastError)), ("result", result ?? .null), ("event_id", eventID.map { .int($0) } ?? .null),
            ("payload", payload), ("created_at", .string(createdAt.iso8601)), ("updated_at", .string(updatedAt.iso8601)),
        ]))
    }
}
