/// The job kinds the standard workflow registers (`JobHandlerRegistry.stages`). Other modules
/// register more under their own names.
public enum JobKind {
    /// `reserve_stock` of a confirmed order; a shortage records `stock.short`.
    public static let reserveStock = "reserve_stock"
    /// `ship_order` of a reserved order (the ledger picks an on-time carrier).
    public static let shipOrder = "ship_order"
    /// `issue_invoice` of a shipped order.
    public static let issueInvoice = "issue_invoice"
    /// `send_invoice` of an issued invoice: the e-mail hook.
    public static let sendInvoice = "send_invoice"
    /// Cash application of a received payment (`CashApplicationHandler`).
    public static let cashApplication = "cashapp"
    /// The orders of a customer whose credit hold was lifted, each to its next stage.
    public static let resumeCustomer = "resume_customer"
    /// One agent run for one event (`agent:NAME:EVENT_ID`).
    public static let agent = "agent"
}
