import O2CCore
import O2CLedger

/// What the order and payment imports share: who submits into which ledger, and how the gate's
/// outcome for one document lands in the report.
struct ImportGate {
    let ledger: Ledger
    let actor: Actor
    /// The file, for messages and the approvers' "why".
    let file: String

    /// The ledger's customers, SKUs and currencies.
    func referenceData() throws(DocumentError) -> ImportReferenceData {
        do { return try ledger.importReferenceData() } catch { throw DocumentError(ledger: error, file: file) }
    }

    /// Submits one document (`what` names it in messages, `line` is its first line); `place`
    /// turns each message of an invalid outcome into a rejected row.
    func submit(_ action: ActionName, _ args: JSONObject, key: String, what: String, line: Int, report: inout ImportReport,
                place: (String) -> RejectedRow) throws(DocumentError) {
        let request = ActionRequest(action: action, args: .object(args), actor: actor, idempotencyKey: key, reason: "imported from \(file)")
        let outcome: GateOutcome
        do { outcome = try ledger.submit(request) } catch { throw DocumentError(ledger: error, file: file) }
        switch outcome {
        case .executed(let result):
            if result.isReplay { report.skipped += 1 } else { report.noteCreated(result.id) }
        case .pendingApproval(let id, _):
            report.pendingApproval.append(id)
        case .denied(let rules):
            report.rejectedDocuments += 1
            report.reject(RejectedRow(line: line, column: nil, reason: "\(what) was denied: " + rules.map { "\($0.file): \($0.name): \($0.message)" }.joined(separator: "; ")))
        case .invalid(let messages):
            report.rejectedDocuments += 1
            for m in messages { report.reject(place(m)) }
        }
    }
}
