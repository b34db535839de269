/// The catalogue of ledger actions with their arguments (SPEC §5).
public enum ActionCatalog {
    /// Every action's spec, in catalogue order.
    public static let all: [ActionSpec] = ActionName.allCases.map(build)

    /// Every action's spec by name, built once (the gate asks for one with every action).
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The spec of one action.
    public static func spec(for name: ActionName) -> ActionSpec {
        byName[name] ?? build(name)
    }

    private static func build(_ name: ActionName) -> ActionSpec {
        switch name {
        case .createOrder:
            return ActionSpec(name: name, summary: "Create a sales order for a customer; it is credit-checked and confirmed or put on credit hold.", fields: [
                .init("customer_id", .id(prefix: "C-"), "The customer, e.g. C-001."),
                .init("lines", .objects([
                    .init("sku", .text(maxLength: 64), "Product SKU, e.g. WID-100."),
                    .init("quantity", .integer(1...1_000_000), "Units ordered, a whole number above zero."),
                    .init("unit_price", .amount(allowZero: true), required: false, "Price per unit in the order currency; the price list applies when absent."),
                ], minItems: 1, maxItems: 500), "Order lines."),
                .init("currency", .currency, required: false, "Order currency; defaults to the customer's."),
                .init("requested_date", .date, required: false, "Requested delivery date."),
                .init("external_ref", .text(maxLength: 128), required: false, "The customer's purchase-order number or another outside reference."),
            ])
        case .cancelOrder:
            return ActionSpec(name: name, summary: "Cancel an order that has not shipped; its reserved stock is released.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
                .init("reason", .text(maxLength: 500), "Why it is cancelled."),
            ])
        case .substituteLine:
            return ActionSpec(name: name, summary: "Replace the SKU on an order line (before stock is reserved) with another product at its list price.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
                .init("sku", .text(maxLength: 64), "The SKU on the order to replace."),
                .init("new_sku", .text(maxLength: 64), "The replacement SKU."),
                .init("reason", .text(maxLength: 500), "Why, e.g. out of stock."),
            ])
        case .applyDiscount:
            return ActionSpec(name: name, summary: "Set an order-level discount in percent on an order not yet invoiced.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
                .init("discount_percent", .percent, "Discount in percent, 0 to 100, at most two decimals."),
                .init("reason", .text(maxLength: 500), "Why the discount is given."),
            ])
        case .placeCreditHold:
            return ActionSpec(name: name, summary: "Put a customer on credit hold: no order is confirmed, reserved or shipped until released.", fields: [
                .init("customer_id", .id(prefix: "C-"), "The customer."),
                .init("reason", .text(maxLength: 500), "Why."),
            ])
        case .releaseCreditHold:
            return ActionSpec(name: name, summary: "Release a customer's credit hold; with order_id, also confirm that order held for credit.", fields: [
                .init("customer_id", .id(prefix: "C-"), "The customer."),
                .init("reason", .text(maxLength: 500), "Why."),
                .init("order_id", .id(prefix: "SO-"), required: false, "An order in credit_hold to confirm despite the credit position."),
            ])
        case .setCreditLimit:
            return ActionSpec(name: name, summary: "Set a customer's credit limit, in the company's base currency.", fields: [
                .init("customer_id", .id(prefix: "C-"), "The customer."),
                .init("credit_limit", .amount(allowZero: true), "The new limit in base currency."),
                .init("reason", .text(maxLength: 500), required: false, "Why."),
            ])
        case .reserveStock:
            return ActionSpec(name: name, summary: "Reserve stock for every line of a confirmed order, from the warehouses that have it.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
            ])
        case .shipOrder:
            return ActionSpec(name: name, summary: "Ship a reserved order with a carrier.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
                .init("carrier", .text(maxLength: 32), required: false, "Carrier code; the preferred carrier when absent."),
                .init("tracking_ref", .text(maxLength: 128), required: false, "The carrier's tracking reference."),
            ])
        case .issueInvoice:
            return ActionSpec(name: name, summary: "Invoice a shipped order: tax by the customer's region, due date by payment terms.", fields: [
                .init("order_id", .id(prefix: "SO-"), "The order."),
            ])
        case .sendInvoice:
            return ActionSpec(name: name, summary: "Mark an invoice as sent to the customer.", fields: [
                .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
            ])
        case .recordPayment:
            return ActionSpec(name: name, summary: "Record money received; it stays unapplied cash until applied to invoices.", fields: [
                .init("amount", .amount(allowZero: false), "Amount received."),
                .init("currency", .currency, "Currency received."),
                .init("date", .date, "Value date."),
                .init("payer_name", .text(maxLength: 200), required: false, "Name of the payer as the bank reports it."),
                .init("payer_account", .text(maxLength: 64), required: false, "Payer's account (IBAN or number)."),
                .init("reference", .text(maxLength: 500), required: false, "Free remittance text."),
                .init("payment_ref", .text(maxLength: 128), required: false, "The bank's unique id of the payment; recording it twice has no effect."),
                .init("customer_id", .id(prefix: "C-"), required: false, "The paying customer, when known."),
                .init("structured_reference", .text(maxLength: 35), required: false, "The creditor reference the payer quoted (e.g. an ISO 11649 RF reference)."),
                .init("end_to_end_id", .text(maxLength: 35), required: false, "The payer's end-to-end id from the bank statement."),
            ])
        case .applyPayment:
            return ActionSpec(name: name, summary: "Apply a payment to one or more open invoices in the same currency.", fields: [
                .init("payment_id", .id(prefix: "PAY-"), "The payment."),
                .init("allocations", .objects([
                    .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
                    .init("amount", .amount(allowZero: false), "Amount of the payment applied to it."),
                ], minItems: 1, maxItems: 200), "Where the money goes."),
            ])
        case .unapplyPayment:
            return ActionSpec(name: name, summary: "Reverse every application of a payment to an invoice; the money returns to unapplied cash.", fields: [
                .init("payment_id", .id(prefix: "PAY-"), "The payment."),
                .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
                .init("reason", .text(maxLength: 500), required: false, "Why."),
            ])
        case .sendDunningNotice:
            return ActionSpec(name: name, summary: "Send a dunning notice about overdue invoices at a level (1 reminder to 3 final).", fields: [
                .init("customer_id", .id(prefix: "C-"), "The customer."),
                .init("invoice_ids", .ids(prefix: "INV-", minItems: 1, maxItems: 100), "The overdue invoices it is about."),
                .init("level", .integer(1...3), "1 friendly reminder, 2 firm reminder, 3 final notice."),
                .init("subject", .text(maxLength: 200), required: false, "Email subject."),
                .init("body", .text(maxLength: 20_000), required: false, "Email body."),
                .init("fee", .amount(allowZero: true), required: false, "The level's dunning fee in the customer's currency, recorded on the notice and stated in the e-mail."),
            ])
        case .markDisputed:
            return ActionSpec(name: name, summary: "Mark an invoice as disputed by the customer; dunning skips it.", fields: [
                .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
                .init("reason", .text(maxLength: 500), "What the customer disputes."),
            ])
        case .issueCreditNote:
            return ActionSpec(name: name, summary: "Credit part or all of an invoice's open amount (gross, tax included).", fields: [
                .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
                .init("amount", .amount(allowZero: false), "Gross amount credited, in the invoice currency."),
                .init("reason", .text(maxLength: 500), "Why."),
            ])
        case .writeOff:
            return ActionSpec(name: name, summary: "Write off part or all of an invoice's open amount to bad debt.", fields: [
                .init("invoice_id", .id(prefix: "INV-"), "The invoice."),
                .init("amount", .amount(allowZero: false), "Amount written off, in the invoice currency."),
                .init("reason", .text(maxLength: 500), "Why."),
            ])
        }
    }
}
