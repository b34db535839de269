import Foundation
import GRDB
import O2CCore

/// Carrier status: reference data, changed by an operator (`o2c carriers set-status`), audited.
extension Ledger {
    /// Flags a carrier delayed (or on time again); audited like `setUp`. Returns the carrier as
    /// `carriers()` lists it.
    @discardableResult
    public func setCarrierStatus(code: String, delayed: Bool, actor: Actor) throws(LedgerError) -> JSONValue {
        let now = clock.now().iso8601
        try write { db in
            let known = try String.fetchAll(db, sql: "SELECT code FROM carriers ORDER BY preferred_rank")
            guard known.contains(code) else {
                let hint = Suggest.closest(to: code, in: known).map { "did you mean '\($0)'? " } ?? ""
                throw LedgerError(.notFound, "unknown carrier '\(code)'; \(hint)known: \(known.joined(separator: ", "))")
            }
            try db.execute(sql: "UPDATE carriers SET delayed = ? WHERE code = ?", arguments: [delayed, code])
            _ = try Audit.append(db, at: now, actor: actor, action: "set_carrier_status",
                                 args: JSONValue.object(["carrier": .string(code), "status": .string(delayed ? "delayed" : "ok")]).canonical,
                                 result: "{}", idempotencyKey: nil, approvalID: nil)
        }
        return try carriers().first { $0["carrier"]?.stringValue == code } ?? .null
    }
}
