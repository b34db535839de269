import O2CAgents
import O2CCore
import O2CLedger
import O2CMail

/// The workflow of SPEC §12 assembled: the routing table and the job handlers. Build the
/// standard one, add routes and handlers of other modules (e-mail delivery, dunning, cash
/// application), then make workers from it.
public struct Workflow: Sendable {
    /// Event type → jobs.
    public var routing: RoutingTable
    /// Job kind → handler.
    public var handlers: JobHandlerRegistry

    /// A workflow.
    public init(routing: RoutingTable, handlers: JobHandlerRegistry) {
        self.routing = routing
        self.handlers = handlers
    }

    /// The deterministic stages, plus one route per agent trigger run by `runner` (the runner of
    /// a profile; with no model configured its runs park review items).
    public static func standard(profiles: [AgentProfile], runner: @escaping @Sendable (AgentProfile) -> AgentRunner) -> Workflow {
        var w = Workflow(routing: .stages, handlers: .stages)
        for route in AgentTriggers.routes(profiles) { w.routing.add(route) }
        w.handlers.register(JobKind.agent, AgentJobHandler(profiles: profiles, runner: runner))
        return w
    }

    /// Adds e-mail delivery: `invoice.sent` and `dunning.sent` deliver their outbox message
    /// through `transport` (`MailSettings.transport`).
    public mutating func installMail(transport: any MailTransport) {
        for route in DeliverEmailHandler.routes { routing.add(route) }
        handlers.register(DeliverEmailHandler.kind, DeliverEmailHandler(transport: transport))
    }

    /// A worker over `ledger`.
    public func worker(ledger: Ledger, owner: String? = nil, leaseSeconds: Double = 60, backoff: Backoff = Backoff()) -> Worker {
        Worker(ledger: ledger, routing: routing, handlers: handlers, owner: owner, leaseSeconds: leaseSeconds, backoff: backoff)
    }
}
