import O2CCore
import O2CLedger

/// Event type → the jobs it starts. The worker routes every event after its cursor through
/// this table in one transaction with the cursor's move.
public struct RoutingTable: Sendable {
    /// The routes by event type, in the order they were added.
    public private(set) var routes: [String: [Route]] = [:]

    /// An empty table.
    public init() {}

    /// Adds a route.
    public mutating func add(_ route: Route) {
        routes[route.eventType, default: []].append(route)
    }

    /// The jobs an event starts.
    public func jobs(for event: WorkflowEvent) -> [NewJob] {
        (routes[event.type] ?? []).compactMap { $0.make(event) }
    }

    /// `(event type, job kind)` pairs, sorted, for documentation and `o2c worker --routes`.
    public var pairs: [(event: String, kind: String)] {
        routes.keys.sorted().flatMap { type in (routes[type] ?? []).map { (type, $0.kind) } }
    }

    /// The deterministic stages of SPEC §12: confirmed → reserve → ship → invoice → send, and a
    /// payment to cash application. (An order on credit hold continues when its release raises
    /// `order.approved`; one whose line was substituted is reserved again; when a customer's
    /// hold is lifted, its orders that a stage skipped move on.)
    public static var stages: RoutingTable {
        var t = RoutingTable()
        t.add(.stage("order.approved", JobKind.reserveStock))
        t.add(.stage("order.line_substituted", JobKind.reserveStock))
        t.add(.stage("stock.reserved", JobKind.shipOrder))
        t.add(.stage("order.shipped", JobKind.issueInvoice))
        t.add(.stage("invoice.issued", JobKind.sendInvoice))
        t.add(.stage("payment.received", JobKind.cashApplication))
        t.add(.stage("customer.hold_released", JobKind.resumeCustomer))
        return t
    }
}
