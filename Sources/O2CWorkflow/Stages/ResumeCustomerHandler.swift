import O2CCore
import O2CLedger

/// When a customer's credit hold is lifted (`customer.hold_released`), the orders a stage had to
/// skip while it was on hold move on: each confirmed order gets the job of its next stage
/// (approved → reserve, reserved → ship, shipped → invoice), keyed by the release event, so the
/// stage handlers' gate keys still make each effect happen once.
public struct ResumeCustomerHandler: JobHandler {
    /// A handler.
    public init() {}

    /// The next stage of an order in `status`, if the workflow carries it on from there.
    static let nextStage = ["approved": JobKind.reserveStock, "reserved": JobKind.shipOrder, "shipped": JobKind.issueInvoice]

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        let customer = job.subject
        let eventID = job.eventID.map(String.init) ?? job.key
        let resumed = try await context.ledgerCall { ledger -> [String] in
            var ids: [String] = []
            for (status, kind) in Self.nextStage.sorted(by: { $0.key < $1.key }) {
                for id in try ledger.orders(ListFilter(customerID: customer, status: status, limit: 10_000)).map(\.id) {
                    try ledger.enqueue(NewJob(kind: kind, key: "\(kind):\(id):resume:\(eventID)", subject: id, payload: ["resumed_by": .string(job.key)]))
                    ids.append(id)
                }
            }
            return ids
        }
        return ["outcome": "resumed", "orders": .array(resumed.sorted().map { .string($0) })]
    }
}
