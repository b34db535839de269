import O2CCore
import O2CLedger

/// A deterministic stage: one action on the job's subject through the gate as
/// `system:workflow`, keyed `wf:ACTION:SUBJECT` so the effect happens once per document
/// whatever runs it again. Executed or parked for approval: done (the approval carries it on).
/// Invalid: done with the reason (the world moved on: cancelled, on hold, already done). Denied
/// by a guardrail: parked `failed` for an operator.
public struct GateStepHandler: JobHandler {
    /// The action.
    public let action: ActionName
    /// The argument that takes the job's subject (`order_id`, `invoice_id`).
    public let argument: String

    /// A stage.
    public init(action: ActionName, argument: String) {
        self.action = action
        self.argument = argument
    }

    /// The gate key of this stage for a document.
    public func idempotencyKey(_ subject: String) -> String { "wf:\(action.rawValue):\(subject)" }

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        // The gate sends an invoice again when asked (a person's deliberate resend is a new
        // message); the stage only sends one that nobody has sent yet.
        if action == .sendInvoice {
            let subject = job.subject
            if let sent = try await context.ledgerCall({ ledger in try ledger.outbox(document: subject, limit: 1).first(where: { $0.kind == "invoice" }) }) {
                return ["outcome": "skipped", "reason": .string("invoice \(subject) was already sent (e-mail \(sent.id))")]
            }
        }
        let outcome = try await context.submit(action, .object(JSONObject([(argument, .string(job.subject))])),
                                               idempotencyKey: idempotencyKey(job.subject))
        return try Self.result(outcome)
    }

    /// The job result of a gate outcome; a denial throws a permanent failure.
    static func result(_ outcome: GateOutcome) throws -> JSONValue {
        switch outcome {
        case .executed(let r):
            return ["outcome": "executed", "id": .string(r.id), "summary": .string(r.summary)]
        case .pendingApproval(let id, let rules):
            return ["outcome": "pending_approval", "approval_id": .string(id), "rules": .array(rules.map(\.json))]
        case .invalid(let messages):
            return ["outcome": "skipped", "reason": .string(messages.joined(separator: "; "))]
        case .denied(let rules):
            throw JobFailure("denied by " + rules.map { "\($0.file): \($0.name) (\($0.message))" }.joined(separator: "; "), permanent: true)
        }
    }
}
