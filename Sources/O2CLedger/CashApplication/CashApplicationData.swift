import O2CCore

/// An open invoice as the cash-application engine sees it.
public struct OpenInvoice: Sendable, Hashable {
    /// `INV-1042`.
    public let id: String
    /// The customer who owes it.
    public let customerID: String
    /// Its currency code.
    public let currency: String
    /// What is still open, in minor units of `currency`.
    public let openMinor: Int64
    /// Its total, in minor units.
    public let totalMinor: Int64
    /// When it is due.
    public let dueDate: BusinessDate
    /// The order it bills.
    public let orderID: String
    /// The customer's purchase-order number, when the order had one.
    public let externalRef: String?

    /// An open invoice.
    public init(id: String, customerID: String, currency: String, openMinor: Int64, totalMinor: Int64, dueDate: BusinessDate,
                orderID: String, externalRef: String?) {
        self.id = id
        self.customerID = customerID
        self.currency = currency
        self.openMinor = openMinor
        self.totalMinor = totalMinor
        self.dueDate = dueDate
        self.orderID = orderID
        self.externalRef = externalRef
    }
}

/// A customer's id and name, for matching payer names.
public struct CustomerName: Sendable, Hashable {
    /// `C-001`.
    public let id: String
    /// `Acme Corp`.
    public let name: String

    /// A customer name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A payment with money left to apply, with everything the bank told about it.
public struct PaymentForMatching: Sendable, Hashable {
    /// `PAY-1042`.
    public let id: String
    /// Currency code.
    public let currency: String
    /// The currency's minor-unit exponent.
    public let exponent: Int
    /// The amount received, in minor units.
    public let amountMinor: Int64
    /// What is not applied yet, in minor units.
    public let unappliedMinor: Int64
    /// The value date.
    public let date: BusinessDate
    /// The payer's name as the bank reports it.
    public let payerName: String?
    /// The payer's account (IBAN or number).
    public let payerAccount: String?
    /// Free remittance text.
    public let reference: String?
    /// The creditor reference the payer quoted (`RmtInf/Strd/CdtrRefInf/Ref`).
    public let structuredReference: String?
    /// The payer's end-to-end id.
    public let endToEndID: String?
    /// The customer, when the payment was recorded for one.
    public let customerID: String?

    /// A payment to match.
    public init(id: String, currency: String, exponent: Int, amountMinor: Int64, unappliedMinor: Int64, date: BusinessDate, payerName: String?,
                payerAccount: String?, reference: String?, structuredReference: String?, endToEndID: String?, customerID: String?) {
        self.id = id
        self.currency = currency
        self.exponent = exponent
        self.amountMinor = amountMinor
        self.unappliedMinor = unappliedMinor
        self.date = date
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.reference = reference
        self.structuredReference = structuredReference
        self.endToEndID = endToEndID
        self.customerID = customerID
    }

    /// An amount of this payment's currency as a decimal string.
    public func decimal(_ minor: Int64) -> String { Money.format(minor: minor, exponent: exponent) }
}

/// What the cash-application engine reads from the ledger in one go: every open invoice, the
/// customers' names and the payer accounts earlier applied payments tied to a customer.
public struct CashApplicationSnapshot: Sendable {
    /// Open invoices (open amount above zero), in id order.
    public let invoices: [OpenInvoice]
    /// Every customer.
    public let customers: [CustomerName]
    /// Known payer accounts (as recorded) and the customers payments from them were applied to.
    public let knownAccounts: [String: Set<String>]

    /// A snapshot.
    public init(invoices: [OpenInvoice], customers: [CustomerName], knownAccounts: [String: Set<String>]) {
        self.invoices = invoices
        self.customers = customers
        self.knownAccounts = knownAccounts
    }
}

/// The open invoices one payment's proposal can look at (`CashMatcher.scope(for:)`): every open
/// invoice of `customers`; the open invoices named by `invoiceIDs`, and every open invoice of
/// the customers those belong to; and, with `amount`, every open invoice with exactly that much
/// open in that currency. The worker matches one payment at a time and reads only these, not
/// every open invoice of the ledger.
public struct CashInvoiceScope: Sendable, Hashable {
    /// Customers whose open invoices are read.
    public var customers: Set<String>
    /// Invoices read by id, with the open invoices of their customers.
    public var invoiceIDs: Set<String>
    /// Currency and open amount of invoices read by amount.
    public var amount: Amount?

    /// An exact open amount in a currency.
    public struct Amount: Sendable, Hashable {
        /// Currency code.
        public let currency: String
        /// Open amount in minor units.
        public let minor: Int64

        /// An amount.
        public init(currency: String, minor: Int64) {
            self.currency = currency
            self.minor = minor
        }
    }

    /// A scope.
    public init(customers: Set<String> = [], invoiceIDs: Set<String> = [], amount: Amount? = nil) {
        self.customers = customers
        self.invoiceIDs = invoiceIDs
        self.amount = amount
    }

    /// Which of `invoices` (open invoices) the scope takes: the rule the ledger's query follows.
    public func select(_ invoices: [OpenInvoice]) -> [OpenInvoice] {
        let owners = Set(invoices.filter { invoiceIDs.contains($0.id) }.map(\.customerID))
        return invoices.filter { inv in
            customers.contains(inv.customerID) || invoiceIDs.contains(inv.id) || owners.contains(inv.customerID)
                || amount.map { inv.currency == $0.currency && inv.openMinor == $0.minor } == true
        }
    }
}

/// One proposal of the cash-application engine for a payment, and what became of it; stored so
/// `o2c payments show` explains it.
public struct CashMatchRecord: Sendable {
    /// What became of a proposal.
    public enum Status: String, Sendable {
        /// Applied through the gate.
        case applied
        /// Submitted; a guardrail sent it to the approval queue.
        case pendingApproval = "pending_approval"
        /// Below the threshold (or ambiguous): left to the cash-application agent and the queue.
        case unmatched
        /// Submitted, but the gate refused it (denied or invalid).
        case refused
    }

    /// The payment.
    public let paymentID: String
    /// What became of it.
    public let status: Status
    /// How it was found: `reference`, `partial`, `overpayment`, `amount_and_customer`, `combination`, `none`.
    public let method: String
    /// 0 to 100.
    public let confidence: Int
    /// The threshold it was measured against.
    public let threshold: Int
    /// The proposed allocations, `[{invoice_id, amount}]`.
    public let allocations: JSONValue
    /// Why, in words.
    public let reasons: [String]
    /// Other explanations that fit as well (why nothing was applied), in words.
    public let alternatives: [String]
    /// The approval request, when the gate parked it.
    public let approvalID: String?
    /// The gate's messages, or why nothing was submitted.
    public let outcome: String
    /// Who proposed it (`system:cashapp`, `system:workflow`).
    public let actor: Actor
    /// A digest of the decision: a new record with the digest of the payment's latest is not written again.
    public let digest: String
    /// With `unmatched`: the payload of the `payment.unmatched` event raised with the record.
    public let eventPayload: JSONValue?

    /// A match record.
    public init(paymentID: String, status: Status, method: String, confidence: Int, threshold: Int, allocations: JSONValue, reasons: [String],
                alternatives: [String], approvalID: String?, outcome: String, actor: Actor, digest: String, eventPayload: JSONValue?) {
        self.paymentID = paymentID
        self.status = status
        self.method = method
        self.confidence = confidence
        self.threshold = threshold
        self.allocations = allocations
        self.reasons = reasons
        self.alternatives = alternatives
        self.approvalID = approvalID
        self.outcome = outcome
        self.actor = actor
        self.digest = digest
        self.eventPayload = eventPayload
    }

    /// `{payment_id, status, method, confidence, threshold, allocations, reasons, alternatives, approval_id, outcome}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("payment_id", .string(paymentID)), ("status", .string(status.rawValue)), ("method", .string(method)),
            ("confidence", .int(confidence)), ("threshold", .int(threshold)), ("allocations", allocations),
            ("reasons", .array(reasons.map { .string($0) })), ("alternatives", .array(alternatives.map { .string($0) })),
            ("approval_id", approvalID.map { .string($0) } ?? .null), ("outcome", .string(outcome)),
        ]))
    }
}
