import O2CCore
import O2CLedger

/// The read tools: each queries the ledger and answers in JSON. The registry has checked every
/// id against the run's scope before a tool runs; listings without an id filter by the scope.
enum ReadTools {
    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(JSONObject(properties)), "required": .array(required.map { .string($0) }),
         "additionalProperties": false]
    }

    static let customerID: JSONValue = ["type": "string", "pattern": "^C-[0-9]+$", "description": "Customer id, e.g. C-001."]
    static let sku: JSONValue = ["type": "string", "description": "Product SKU, e.g. WID-100."]

    /// A document read by id (the registry checked the scope already); a missing one is refused
    /// with the same words as one outside the scope.
    static func document<T>(_ kind: String, _ id: String, _ read: (String) throws(LedgerError) -> T) throws -> T {
        do { return try read(id) } catch where error.code == .notFound { throw ToolArgumentError(message: ToolScope.refusal(kind, id)) }
    }

    static func customer(_ id: String, _ ctx: ToolContext) throws -> CustomerView {
        try document("customer", id) { (id) throws(LedgerError) in try ctx.ledger.customer(id) }
    }

    /// That customer `id` exists (a cheap look-up, for tools that read its documents).
    static func requireCustomer(_ id: String, _ ctx: ToolContext) throws {
        guard try ctx.ledger.documentOwner(id)?.customerID == id else { throw ToolArgumentError(message: ToolScope.refusal("customer", id)) }
    }

    /// What a credit check needs of a customer's credit position (`CustomerFacts`).
    struct CreditPosition: Equatable {
        let availableCredit: Money
        let onHold: Bool
        let maxDaysOverdue: Int

        init(availableCredit: Money, onHold: Bool, maxDaysOverdue: Int) {
            (self.availableCredit, self.onHold, self.maxDaysOverdue) = (availableCredit, onHold, maxDaysOverdue)
        }

        init(_ facts: CustomerFacts) { self.init(availableCredit: facts.availableCredit, onHold: facts.onHold, maxDaysOverdue: facts.maxDaysOverdue) }
    }

    /// The credit position a customer read carries, its available credit read back from the
    /// decimal string the ledger wrote (the string has exactly the currency's fraction digits);
    /// nil when a figure is missing or does not read back.
    static func creditPosition(_ c: CustomerView) -> CreditPosition? {
        guard let available = c.availableCredit, let days = c.maxDaysOverdue else { return nil }
        let exponent = available.utf8.firstIndex(of: UInt8(ascii: ".")).map { available.utf8.distance(from: $0, to: available.utf8.endIndex) - 1 } ?? 0
        guard let minor = try? Money.parseMinor(available, exponent: exponent) else { return nil }
        return CreditPosition(availableCredit: Money(minor: minor, currency: Currency(code: c.creditCurrency, exponent: exponent)),
                              onHold: c.onHold, maxDaysOverdue: days)
    }

    static func string(_ args: JSONObject, _ key: String) throws -> String {
        guard let s = args[key]?.stringValue, !s.isEmpty else { throw ToolArgumentError(message: "'\(key)' is required and must be a string") }
        return s
    }

    static let all: [AgentTool] = [
        AgentTool(name: "customer_lookup",
                  description: "Look up a customer by id (C-001) or by part of the name: credit limit, exposure, available credit, overdue amount and days, hold status, owner, currency, region.",
                  schema: object([("customer_id", customerID), ("name", ["type": "string", "description": "Part of the customer's name."])], required: []),
                  effect: .read) { args, ctx in
            if let id = args["customer_id"]?.stringValue { return .result(try customer(id, ctx).json) }
            guard let name = args["name"]?.stringValue?.lowercased(), !name.isEmpty else {
                return .error("give customer_id or name")
            }
            let matches = try ctx.ledger.customers(ListFilter(owner: ctx.scope.owner)).filter { $0.name.lowercased().contains(name) }
            return .result(["matches": .array(matches.prefix(10).map(\.json))])
        },
        AgentTool(name: "credit_check",
                  description: "Credit position of a customer for a proposed amount (base currency): limit, exposure (open receivables + confirmed uninvoiced orders), overdue amount and days, and a verdict: ok, over_limit, overdue (invoices > 30 days late) or on_hold.",
                  schema: object([("customer_id", customerID),
                                  ("amount", ["type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$", "description": "Proposed additional amount in base currency, e.g. \"1200.00\"."])],
                                 required: ["customer_id"]),
                  effect: .read) { args, ctx in
            let id = try string(args, "customer_id")
            let view = try customer(id, ctx)
            var c = view.json.objectValue ?? JSONObject()
            // The customer read holds the credit position already; a second read only when it cannot be read back.
            guard let facts = try creditPosition(view) ?? ctx.ledger.customerFacts(id).map(CreditPosition.init) else {
                return .error(ToolScope.refusal("customer", id))
            }
            var proposed: Int64 = 0
            if let amount = args["amount"]?.stringValue {
                guard let minor = try? Money.parseMinor(amount, exponent: facts.availableCredit.currency.exponent) else {
                    return .error("amount must be a decimal string such as \"1200.00\"")
                }
                proposed = minor
            }
            // Checked arithmetic: an amount near what 64 bits hold is over any limit, never a crash.
            let availableAfter = facts.availableCredit.subtracting(Money(minor: proposed, currency: facts.availableCredit.currency))
            let verdict: String
            if facts.onHold { verdict = "on_hold" }
            else if facts.maxDaysOverdue > 30 { verdict = "overdue" }
            else if (availableAfter?.minor ?? -1) < 0 { verdict = "over_limit" }
            else { verdict = "ok" }
            c["proposed_amount"] = .string(Money(minor: proposed, currency: facts.availableCredit.currency).decimalString)
            c["available_after"] = availableAfter.map { .string($0.decimalString) } ?? "beyond what the ledger can hold"
            c["verdict"] = .string(verdict)
            return .result(.object(c))
        },
        AgentTool(name: "inventory_lookup",
                  description: "Stock of a SKU: on hand, reserved and available per warehouse, with alternatives and how many of each are available.",
                  schema: object([("sku", sku)], required: ["sku"]), effect: .read) { args, ctx in
            do { return .result(try ctx.ledger.inventory(sku: try string(args, "sku"))) } catch let e as LedgerError { return .error(e.message) }
        },
        AgentTool(name: "find_alternatives",
                  description: "In-stock alternatives for a SKU, best first, each with available quantity; give quantity to keep only those that can cover it.",
                  schema: object([("sku", sku), ("quantity", ["type": "integer", "minimum": 1, "description": "Units needed."])], required: ["sku"]),
                  effect: .read) { args, ctx in
            let inv: JSONValue
            do { inv = try ctx.ledger.inventory(sku: try string(args, "sku")) } catch let e as LedgerError { return .error(e.message) }
            let need = Int64(args["quantity"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "1") ?? 1
            let alts = (inv["alternatives"]?.arrayValue ?? []).filter {
                (Int64(($0["available"]).flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "0") ?? 0) >= need
            }
            return .result(["sku": inv["sku"] ?? .null, "available": inv["available"] ?? .null, "alternatives_in_stock": .array(alts)])
        },
        AgentTool(name: "validate_pricing",
                  description: "Check order lines against the price list of a currency: each line's list price, given price and percent below list, every deviation (unknown SKU, no list price, a zero or negative price, a price below or above list), and the order's deviation from the list. A price below list counts like a discount of the same size: the company's guardrails decide when you propose the order.",
                  schema: object([("customer_id", customerID), ("currency", ["type": "string", "pattern": "^[A-Z]{3}$"]),
                                  ("lines", ["type": "array", "minItems": 1, "maxItems": 200, "items": object([
                                      ("sku", sku), ("quantity", ["type": "integer", "minimum": 1, "maximum": 1_000_000]),
                                      ("unit_price", ["type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"]),
                                  ], required: ["sku", "quantity"])])],
                                 required: ["customer_id", "lines"]),
                  effect: .read) { args, ctx in
            let found = try customer(try string(args, "customer_id"), ctx)
            let currency = args["currency"]?.stringValue ?? found.currency
            let lines = (args["lines"]?.arrayValue ?? []).map { line in
                PriceCheckLine(sku: line["sku"]?.stringValue ?? "",
                               quantity: line["quantity"].flatMap { if case .number(let n) = $0 { return Int64(n) } else { return nil } } ?? 1,
                               unitPrice: line["unit_price"]?.stringValue)
            }
            do { return .result(try ctx.ledger.priceCheck(currency: currency, lines: lines)) } catch let e as LedgerError { return .error(e.message) }
        },
        AgentTool(name: "order_status",
                  description: "An order with its lines, totals, status, shipment and history of events.",
                  schema: object([("order_id", ["type": "string", "pattern": "^SO-[0-9]+$"])], required: ["order_id"]), effect: .read) { args, ctx in
            .result(try document("order", try string(args, "order_id")) { (id) throws(LedgerError) in try ctx.ledger.order(id) }.json)
        },
        AgentTool(name: "invoice_lookup",
                  description: "One invoice (invoice_id) with lines, taxes, payments and history, or a customer's open invoices (customer_id).",
                  schema: object([("invoice_id", ["type": "string", "pattern": "^INV-[0-9]+$"]), ("customer_id", customerID)], required: []),
                  effect: .read) { args, ctx in
            if let id = args["invoice_id"]?.stringValue {
                return .result(try document("invoice", id) { (id) throws(LedgerError) in try ctx.ledger.invoice(id) }.json)
            }
            let cid = try string(args, "customer_id")
            try requireCustomer(cid, ctx)
            return .result(["customer_id": .string(cid), "open_invoices": .array(try ctx.ledger.invoices(ListFilter(customerID: cid, status: "open", limit: 100)).map(\.json))])
        },
        AgentTool(name: "ar_aging",
                  description: "Open receivables by days past due (current, 1-30, 31-60, 61-90, 91-120, 120+) in base currency, for one customer or all customers in scope.",
                  schema: object([("customer_id", customerID)], required: []), effect: .read) { args, ctx in
            let report = try ctx.ledger.agingReport(owner: ctx.scope.owner)
            if let cid = args["customer_id"]?.stringValue {
                try requireCustomer(cid, ctx)
                let row = report["customers"]?.arrayValue?.first { $0["customer_id"]?.stringValue == cid }
                return .result(row ?? ["customer_id": .string(cid), "total": "0.00", "note": "nothing open"])
            }
            return .result(report)
        },
        AgentTool(name: "payment_history",
                  description: "A customer's recent invoices with when each was paid and how many days late, the average lateness, and how many dunning notices were sent.",
                  schema: object([("customer_id", customerID)], required: ["customer_id"]), effect: .read) { args, ctx in
            let cid = try string(args, "customer_id")
            try requireCustomer(cid, ctx)
            return .result(try ctx.ledger.paymentHistory(customerID: cid))
        },
        AgentTool(name: "carrier_status",
                  description: "Carriers with their preference order and whether they are currently delayed.",
                  schema: object([], required: []), effect: .read) { _, ctx in
            .result(["carriers": .array(try ctx.ledger.carriers())])
        },
        AgentTool(name: "draft_dunning_email",
                  description: "Draft the dunning e-mail for a customer's overdue, undisputed invoices at the right level (1 friendly reminder, 2 firm reminder, 3 final notice), with amounts and invoice numbers from the ledger. Send it with send_dunning_email.",
                  schema: object([("customer_id", customerID), ("level", ["type": "integer", "minimum": 1, "maximum": 3])], required: ["customer_id"]),
                  effect: .read) { args, ctx in
            DunningDraft.draft(customer: try customer(try string(args, "customer_id"), ctx), requestedLevel: args["level"], ledger: ctx.ledger)
        },
    ]
}
