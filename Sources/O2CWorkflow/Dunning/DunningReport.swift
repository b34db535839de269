import O2CCore

/// What a dunning run did: one line per notice (customer and level).
public struct DunningReport: Sendable {
    /// One notice.
    public struct Line: Sendable {
        /// The customer.
        public let customerID: String
        /// The level.
        public let level: Int
        /// The invoices.
        public let invoiceIDs: [String]
        /// `sent`, `pending_approval` (parked for a person), `denied`, `invalid`, or `event`
        /// (handed to the collections agent).
        public var outcome: String
        /// The notice id, request id or reason.
        public var detail: String
        /// The outcome of the credit hold the level proposes, if it does.
        public var hold: String?
    }

    /// The date the run was for.
    public let asOf: BusinessDate
    /// Open invoices past due on that date.
    public let overdueInvoices: Int
    /// Of those, disputed (never chased).
    public let disputedSkipped: Int
    /// The notices.
    public var lines: [Line] = []

    /// How many notices had `outcome`.
    public func count(_ outcome: String) -> Int { lines.filter { $0.outcome == outcome }.count }

    /// `o2c dunning run --json`.
    public var json: JSONValue {
        .object(JSONObject([
            ("as_of", .string(asOf.iso)), ("overdue_invoices", .int(overdueInvoices)), ("disputed_skipped", .int(disputedSkipped)),
            ("sent", .int(count("sent"))), ("pending_approval", .int(count("pending_approval"))), ("denied", .int(count("denied"))),
            ("invalid", .int(count("invalid"))), ("agent_events", .int(count("event"))),
            ("notices", .array(lines.map { l in
                .object(JSONObject([("customer_id", .string(l.customerID)), ("level", .int(l.level)), ("invoice_ids", .array(l.invoiceIDs.map { .string($0) })),
                                    ("outcome", .string(l.outcome)), ("detail", .string(l.detail)), ("credit_hold", l.hold.map { .string($0) } ?? .null)]))
            })),
        ]))
    }
}
