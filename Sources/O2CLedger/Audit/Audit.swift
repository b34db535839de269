import Crypto
import Foundation
import GRDB
import O2CCore

/// The append-only, hash-chained audit log: each record carries the hash of the one before,
/// so editing or removing any record breaks the chain from there on.
enum Audit {
    static let genesis = String(repeating: "0", count: 64)

    static func append(_ db: Database, at: String, actor: Actor, action: String, args: String, result: String,
                       idempotencyKey: String?, approvalID: String?) throws -> Int64 {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] as Int64? ?? 0) + 1
        let prev: String = last?["hash"] ?? genesis
        let hash = digest(seq: seq, at: at, actor: actor.description, runID: actor.runID, action: action, args: args,
                          result: result, idempotencyKey: idempotencyKey, approvalID: approvalID, prev: prev)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (seq, at, actor, run_id, action, args, result, idempotency_key, approval_id, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, at, actor.description, actor.runID, action, args, result, idempotencyKey, approvalID, prev, hash])
        return seq
    }

    static func digest(seq: Int64, at: String, actor: String, runID: String?, action: String, args: String, result: String,
                       idempotencyKey: String?, approvalID: String?, prev: String) -> String {
        var h = SHA256()
        for field in [String(seq), at, actor, runID ?? "", action, args, result, idempotencyKey ?? "", approvalID ?? "", prev] {
            var len = UInt64(field.utf8.count).bigEndian
            withUnsafeBytes(of: &len) { h.update(bufferPointer: $0) }
            h.update(data: Data(field.utf8))
        }
        return Hex.encode(h.finalize())
    }

    /// Walks the chain; returns the number of records and the first broken one.
    static func verify(_ db: Database) throws -> AuditVerification {
        var prev = genesis
        var expectedSeq: Int64 = 1
        var count = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            count += 1
            let seq: Int64 = row["seq"]
            if seq != expectedSeq {
                return AuditVerification(ok: false, records: count, firstBroken: expectedSeq,
                                         problem: "record \(expectedSeq) is missing (next is \(seq))")
            }
            let storedPrev: String = row["prev_hash"]
            if storedPrev != prev {
                return AuditVerification(ok: false, records: count, firstBroken: seq,
                                         problem: "record \(seq) does not point at the hash of record \(seq - 1)")
            }
            let computed = digest(seq: seq, at: row["at"], actor: row["actor"], runID: row["run_id"], action: row["action"],
                                  args: row["args"], result: row["result"], idempotencyKey: row["idempotency_key"],
                                  approvalID: row["approval_id"], prev: prev)
            let stored: String = row["hash"]
            if computed != stored {
                return AuditVerification(ok: false, records: count, firstBroken: seq,
                                         problem: "record \(seq) (\(row["action"] as String? ?? "?") by \(row["actor"] as String? ?? "?")) was changed after it was written")
            }
            prev = stored
            expectedSeq += 1
        }
        return AuditVerification(ok: true, records: count, firstBroken: nil, problem: nil)
    }
}

/// The result of `o2c audit verify`.
public struct AuditVerification: Sendable {
    /// Whether the chain is intact.
    public let ok: Bool
    /// Records read.
    public let records: Int
    /// The sequence number of the first broken record.
    public let firstBroken: Int64?
    /// What is wrong with it.
    public let problem: String?
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
    static func sha256(_ text: String) -> String { encode(SHA256.hash(data: Data(text.utf8))) }
}
