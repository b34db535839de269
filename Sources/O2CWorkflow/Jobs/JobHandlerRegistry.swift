/// Which handler runs each job kind. The worker looks a job's kind up here; modules add their
/// own kinds (or replace a standard one) with `register` before the worker starts.
public struct JobHandlerRegistry: Sendable {
    private var handlers: [String: any JobHandler] = [:]

    /// An empty registry.
    public init() {}

    /// Registers `handler` for `kind`, replacing any handler the kind had.
    public mutating func register(_ kind: String, _ handler: any JobHandler) {
        handlers[kind] = handler
    }

    /// The handler of `kind`.
    public func handler(for kind: String) -> (any JobHandler)? { handlers[kind] }

    /// The registered kinds, sorted.
    public var kinds: [String] { handlers.keys.sorted() }

    /// The deterministic stages of SPEC §12, cash application included.
    public static var stages: JobHandlerRegistry {
        var r = JobHandlerRegistry()
        r.register(JobKind.reserveStock, ReserveStockHandler())
        r.register(JobKind.shipOrder, GateStepHandler(action: .shipOrder, argument: "order_id"))
        r.register(JobKind.issueInvoice, GateStepHandler(action: .issueInvoice, argument: "order_id"))
        r.register(JobKind.sendInvoice, GateStepHandler(action: .sendInvoice, argument: "invoice_id"))
        r.register(JobKind.cashApplication, CashApplicationHandler())
        r.register(JobKind.resumeCustomer, ResumeCustomerHandler())
        return r
    }
}
