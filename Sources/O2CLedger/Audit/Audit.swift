import Crypto
import Foundation
import GRDB
import O2CCore

/// The append-only, hash-chained audit log: each record carries the hash of the one before,
/// so editing or removing any record breaks the chain from there on. Journal entries, events,
/// approval requests and decisions name the record that wrote them, so cutting the tail of the
/// log is seen too; what no document names (the last user change, say) is caught by comparing
/// the head hash with one kept elsewhere (`o2c audit verify --expect-head`).
enum Audit {
    static let genesis = String(repeating: "0", count: 64)
    /// The action of an audit record that wrote an event outside the gate (`Ledger.recordEvent`).
    static let recordedEventAction = "workflow.event"
    /// The audit action of a cash-application match record (`Ledger.recordCashMatches`), which
    /// also writes the `payment.unmatched` event of an unmatched payment.
    static let cashMatchAction = "cash_application.match"

    static func append(_ db: Database, at: String, actor: Actor, action: String, args: String, result: String,
                       idempotencyKey: String?, approvalID: String?) throws -> Int64 {
        let last = try db.leanRow("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        let seq: Int64 = (last?[0] as Int64? ?? 0) + 1
        let prev: String = last?[1] ?? genesis
        let hash = digest(seq: seq, at: at, actor: actor.description, runID: actor.runID, onBehalfOf: actor.onBehalfOf, action: action,
                          args: args, result: result, idempotencyKey: idempotencyKey, approvalID: approvalID, prev: prev)
        try db.leanExec("""
            INSERT INTO audit_log (seq, at, actor, run_id, on_behalf_of, action, args, result, idempotency_key, approval_id, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [seq, at, actor.description, actor.runID, actor.onBehalfOf, action, args, result, idempotencyKey, approvalID, prev, hash])
        return seq
    }

    /// SHA-256 over the length-prefixed fields and the previous hash. `on_behalf_of` is hashed
    /// only when present, so records written before it existed verify unchanged. The fields are
    /// laid out in one buffer and hashed at once (the same bytes as hashing them one by one).
    static func digest(seq: Int64, at: String, actor: String, runID: String?, onBehalfOf: String?, action: String, args: String, result: String,
                       idempotencyKey: String?, approvalID: String?, prev: String) -> String {
        let behalf = onBehalfOf.map { "on_behalf_of=" + $0 }
        let fields = [String(seq), at, actor, runID ?? "", action, args, result, idempotencyKey ?? "", approvalID ?? "", prev]
        var size = 8 * (fields.count + 1) + (behalf?.utf8.count ?? 0)
        for field in fields { size += field.utf8.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        func add(_ field: String) {
            let count = UInt64(field.utf8.count)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: count >> UInt64(shift))) }
            bytes.append(contentsOf: field.utf8)
        }
        for field in fields { add(field) }
        if let behalf { add(behalf) }
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// Walks the chain, then checks that every record a document names is there and is the kind
    /// of record that writes such a document; with `expectHead`, that this hash is in the chain.
    static func verify(_ db: Database, expectHead: String? = nil) throws -> AuditVerification {
        var prev = genesis
        var expectedSeq: Int64 = 1
        var count = 0
        var anchorFound = expectHead == nil
        func broken(_ seq: Int64, _ problem: String) -> AuditVerification {
            AuditVerification(ok: false, records: count, firstBroken: seq, problem: problem, headHash: count == 0 ? nil : prev)
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let seq: Int64 = row["seq"]
            if seq != expectedSeq { return broken(expectedSeq, "record \(expectedSeq) is missing (next is \(seq))") }
            count += 1
            let storedPrev: String = row["prev_hash"]
            if storedPrev != prev { return broken(seq, "record \(seq) does not point at the hash of record \(seq - 1)") }
            let computed = digest(seq: seq, at: row["at"], actor: row["actor"], runID: row["run_id"], onBehalfOf: row["on_behalf_of"],
                                  action: row["action"], args: row["args"], result: row["result"], idempotencyKey: row["idempotency_key"],
                                  approvalID: row["approval_id"], prev: prev)
            let stored: String = row["hash"]
            if computed != stored {
                return broken(seq, "record \(seq) (\(row["action"] as String? ?? "?") by \(row["actor"] as String? ?? "?")) was changed after it was written")
            }
            if stored == expectHead { anchorFound = true }
            prev = stored
            expectedSeq += 1
        }
        if let (seq, problem) = try missingReference(db, last: expectedSeq - 1) { return broken(seq, problem) }
        if !anchorFound, let expectHead {
            return broken(expectedSeq, "the anchored head \(expectHead) is not in the log: records after it were removed, or the log was replaced")
        }
        return AuditVerification(ok: true, records: count, firstBroken: nil, problem: nil, headHash: count == 0 ? nil : prev)
    }

    /// The first document whose audit record is missing or of the wrong kind, as
    /// `(the record's sequence number, what is wrong)`.
    private static func missingReference(_ db: Database, last: Int64) throws -> (Int64, String)? {
        let actions = ActionName.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        // Each kind of document, the record it names, and whether that record could have written it.
        let checks = [
            """
            SELECT je.audit_seq AS seq, 'journal entry ' || je.id || ' (' || je.memo || ')' AS what, a.action AS action,
                   a.action IN (\(actions)) AS fits
            FROM journal_entries je LEFT JOIN audit_log a ON a.seq = je.audit_seq
            """,
            """
            SELECT e.audit_seq AS seq, 'event ' || e.id || ' (' || e.type || ' ' || e.subject_id || ')' AS what, a.action AS action,
                   a.action IN (\(actions))
                   OR (a.action = '\(recordedEventAction)' AND a.idempotency_key = e.idempotency_key)
                   OR (a.action = '\(cashMatchAction)' AND e.type = 'payment.unmatched') AS fits
            FROM events e LEFT JOIN audit_log a ON a.seq = e.audit_seq WHERE e.audit_seq IS NOT NULL
            """,
            """
            SELECT m.audit_seq AS seq, 'cash match ' || m.id || ' of ' || m.payment_id AS what, a.action AS action,
                   a.action = '\(cashMatchAction)' AS fits
            FROM cash_matches m LEFT JOIN audit_log a ON a.seq = m.audit_seq
            """,
            """
            SELECT p.audit_seq AS seq, 'approval request ' || p.id AS what, a.action AS action,
                   a.action = 'approval.parked' AND a.approval_id = p.id AS fits
            FROM approvals p LEFT JOIN audit_log a ON a.seq = p.audit_seq WHERE p.audit_seq IS NOT NULL
            """,
            """
            SELECT d.audit_seq AS seq, d.decision || ' of ' || d.approval_id || ' by ' || d.approver AS what, a.action AS action,
                   a.approval_id = d.approval_id AND a.actor = 'user:' || d.approver AS fits
            FROM approval_decisions d LEFT JOIN audit_log a ON a.seq = d.audit_seq WHERE d.audit_seq IS NOT NULL
            """,
        ]
        var first: (Int64, String)?
        for check in checks {
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM (\(check)) WHERE action IS NULL OR NOT COALESCE(fits, 0) ORDER BY seq LIMIT 1")
            else { continue }
            let seq: Int64 = r["seq"]
            let what: String = r["what"]
            let problem: String
            if let action = r["action"] as String? {
                problem = "\(what) names audit record \(seq), a \(action) record that did not write it"
            } else if seq > last {
                problem = "\(what) names audit record \(seq), but the log ends at record \(last): records from \(last + 1) on were removed"
            } else {
                problem = "\(what) names audit record \(seq), which is missing"
            }
            if first == nil || seq < (first?.0 ?? .max) { first = (seq, problem) }
        }
        // A cut tail is reported from its first missing record.
        if let (seq, problem) = first, seq > last { return (last + 1, problem) }
        return first
    }
}

/// The result of `o2c audit verify`.
public struct AuditVerification: Sendable {
    /// Whether the chain is intact and every record a document names is there.
    public let ok: Bool
    /// Records read.
    public let records: Int
    /// The sequence number of the first broken or missing record.
    public let firstBroken: Int64?
    /// What is wrong with it.
    public let problem: String?
    /// The hash of the last record read (the chain's head, to keep elsewhere as an anchor); nil
    /// for an empty log.
    public let headHash: String?

    /// `{ok, records, first_broken?, problem?, head_hash}`.
    public var json: JSONValue {
        var o: JSONObject = ["ok": .bool(ok), "records": .int(records)]
        if let firstBroken { o["first_broken"] = .int(firstBroken) }
        if let problem { o["problem"] = .string(problem) }
        o["head_hash"] = headHash.map { .string($0) } ?? .null
        return .object(o)
    }
}

/// Lower-case hexadecimal encoding.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SHA-256 of a string, hex.
    static func sha256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { encode(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }
}
