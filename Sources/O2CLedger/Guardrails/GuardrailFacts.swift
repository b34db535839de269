import O2CCore
import O2CExpression

/// Turns what the gate knows about an action (`ActionFacts`) into the values guardrail
/// conditions test, and describes those values for the linter.
///
/// Money is an exact decimal number (never a float); `amount` and `customer.*` money are in
/// base currency, `args.*`, `order.*` and `invoice.*` money in the document's currency.
/// A fact that does not exist for an action is absent (not null), so a condition that reads it
/// cannot be evaluated and the rule fails closed (see `GuardrailSet.evaluate`).
public enum GuardrailFacts {
    /// One documented fact: its path, type and meaning.
    public struct Fact: Sendable {
        /// Dotted path, e.g. `customer.available_credit`.
        public let path: String
        /// Its type.
        public let type: ExprType
        /// What it means.
        public let summary: String
    }

    /// Every fact besides `args.*`, in documentation order.
    public static let facts: [Fact] = [
        Fact(path: "action", type: .string, summary: "the action's name, e.g. \"apply_discount\""),
        Fact(path: "actor.kind", type: .string, summary: "\"agent\", \"user\" or \"system\""),
        Fact(path: "actor.name", type: .string, summary: "the agent's, user's or system component's name (\"workflow\")"),
        Fact(path: "actor.role", type: .string, summary: "the user's role; null for agents, the workflow and unknown users"),
        Fact(path: "actor.run_id", type: .string, summary: "the agent run; null otherwise"),
        Fact(path: "actor.on_behalf_of", type: .string, summary: "the user an agent acts for (who asked or started the run); null otherwise"),
        Fact(path: "amount", type: .number, summary: "the amount at stake in base currency; null when the action has none"),
        Fact(path: "customer.id", type: .string, summary: "the customer the action concerns"),
        Fact(path: "customer.credit_limit", type: .number, summary: "credit limit (base currency)"),
        Fact(path: "customer.exposure", type: .number, summary: "open receivables + confirmed uninvoiced orders (base currency), before the action"),
        Fact(path: "customer.available_credit", type: .number, summary: "credit limit minus exposure (base currency; may be negative)"),
        Fact(path: "customer.overdue_amount", type: .number, summary: "open balances past their due date (base currency)"),
        Fact(path: "customer.max_days_overdue", type: .number, summary: "days the oldest overdue invoice is past due (0 when none)"),
        Fact(path: "customer.overdue_days", type: .number, summary: "the same as customer.max_days_overdue"),
        Fact(path: "customer.on_hold", type: .bool, summary: "whether the customer is on credit hold"),
        Fact(path: "customer.currency", type: .string, summary: "the customer's currency"),
        Fact(path: "customer.region", type: .string, summary: "the customer's tax region"),
        Fact(path: "customer.owner", type: .string, summary: "the customer's sales rep"),
        Fact(path: "order.id", type: .string, summary: "the order the action concerns"),
        Fact(path: "order.status", type: .string, summary: "its status before the action"),
        Fact(path: "order.customer_id", type: .string, summary: "its customer"),
        Fact(path: "order.currency", type: .string, summary: "its currency"),
        Fact(path: "order.total", type: .number, summary: "its total (order currency)"),
        Fact(path: "order.discount_percent", type: .number, summary: "its current discount in percent"),
        Fact(path: "order.price_deviation_percent", type: .number,
             summary: "how far its lines (quantity × price) lie below the price list, in percent (negative above list); absent when a line has no list price"),
        Fact(path: "order.manual_price", type: .bool, summary: "whether any line's price was set by hand (unit_price) rather than taken from the price list"),
        Fact(path: "order.zero_price_lines", type: .number, summary: "how many lines are priced at zero or less"),
        Fact(path: "line.max_below_list_percent", type: .number,
             summary: "create_order: the largest percent below list of any one line (negative when every line is above list); absent when a line has no list price"),
        Fact(path: "invoice.id", type: .string, summary: "the invoice the action concerns"),
        Fact(path: "invoice.customer_id", type: .string, summary: "its customer"),
        Fact(path: "invoice.currency", type: .string, summary: "its currency"),
        Fact(path: "invoice.total", type: .number, summary: "its total (invoice currency)"),
        Fact(path: "invoice.open_amount", type: .number, summary: "what is still open (invoice currency)"),
        Fact(path: "invoice.disputed", type: .bool, summary: "whether the customer disputes it"),
        Fact(path: "invoice.days_overdue", type: .number, summary: "days past due (0 when not due)"),
        Fact(path: "dunning.level", type: .number, summary: "send_dunning_notice: the level, 1 to 3"),
        Fact(path: "dunning.invoice_count", type: .number, summary: "send_dunning_notice: how many invoices the notice is about"),
        Fact(path: "dunning.disputed_count", type: .number, summary: "send_dunning_notice: how many of them are disputed"),
        Fact(path: "dunning.notices_last_7_days", type: .number, summary: "send_dunning_notice: notices sent to the customer in the last 7 days"),
        Fact(path: "dunning.invoice_notices_last_7_days", type: .number, summary: "send_dunning_notice: notices in the last 7 days about any of the same invoices"),
        Fact(path: "dunning.fee", type: .number, summary: "send_dunning_notice: the fee it charges (customer currency; 0 when none)"),
        Fact(path: "dunning.days_since_last_notice", type: .number, summary: "send_dunning_notice: days since the last notice; null when none"),
        Fact(path: "payment.id", type: .string, summary: "apply_payment: the payment"),
        Fact(path: "payment.amount", type: .number, summary: "apply_payment: the payment's amount (payment currency)"),
        Fact(path: "payment.unapplied_after", type: .number, summary: "apply_payment: what stays unapplied after it"),
        Fact(path: "payment.short_paid_invoices", type: .number, summary: "apply_payment: invoices left partly open"),
        Fact(path: "payment.exact", type: .bool, summary: "apply_payment: the payment exactly settles the invoices, nothing left over"),
    ]

    /// Keys under which a decimal string is money and becomes a number.
    static let moneyKeys: Set<String> = ["total", "open_amount", "amount", "unapplied_after", "credit_limit", "exposure", "overdue_amount"]

    // MARK: values

    /// The facts of one action as the map conditions are evaluated against.
    public static func values(_ facts: ActionFacts) -> [String: ExprValue] {
        var out: [String: ExprValue] = [:]
        out.reserveCapacity(8 + facts.extra.members.count)
        // Handler facts first, so the fixed names below always win.
        for (key, value) in facts.extra { out[key] = plain(value, key: key) }
        out["action"] = .string(facts.action.rawValue)
        out["args"] = arguments(facts.args, fields: ActionCatalog.spec(for: facts.action).fields)
        out["actor"] = .map([
            "kind": .string(facts.actor.kind.rawValue),
            "name": .string(facts.actor.name),
            "role": facts.actorRole.map { .string($0.rawValue) } ?? .null,
            "run_id": facts.actor.runID.map { .string($0) } ?? .null,
            "on_behalf_of": facts.actor.onBehalfOf.map { .string($0) } ?? .null,
        ])
        out["amount"] = facts.amountBase.map(number) ?? .null
        if let c = facts.customer {
            out["customer"] = .map([
                "id": .string(c.id), "currency": .string(c.currency), "region": .string(c.region), "owner": .string(c.owner),
                "on_hold": .bool(c.onHold), "credit_limit": number(c.creditLimit), "exposure": number(c.exposure),
                "available_credit": number(c.availableCredit), "overdue_amount": number(c.overdueAmount),
                "max_days_overdue": integer(c.maxDaysOverdue), "overdue_days": integer(c.maxDaysOverdue),
            ])
        }
        if let o = facts.order { out["order"] = plain(.object(o), key: "order") }
        if let i = facts.invoice { out["invoice"] = plain(.object(i), key: "invoice") }
        return out
    }

    /// An action's arguments with amounts, percentages and whole numbers as numbers.
    static func arguments(_ value: JSONValue, fields: [ArgumentField]) -> ExprValue {
        guard case .object(let obj) = value else { return plain(value, key: "args") }
        var out: [String: ExprValue] = [:]
        for (key, v) in obj {
            if let field = fields.first(where: { $0.name == key }) {
                out[key] = convert(v, field.type)
            } else {
                out[key] = plain(v, key: key)
            }
        }
        return .map(out)
    }

    private static func convert(_ v: JSONValue, _ type: ArgumentField.FieldType) -> ExprValue {
        switch type {
        case .amount:
            if case .string(let s) = v, let d = ExprDecimal(string: s) { return .number(d) }
        case .percent:
            if let h = Arguments.percentHundredths(v), let d = ExprDecimal(minorUnits: h, scale: 2) { return .number(d) }
        case .objects(let fields, _, _):
            if case .array(let items) = v { return .list(items.map { arguments($0, fields: fields) }) }
        case .id, .text, .integer, .date, .currency, .ids:
            break
        }
        return plain(v, key: "")
    }

    /// JSON as it is, except numbers become exact decimals and decimal strings under money keys become numbers.
    static func plain(_ v: JSONValue, key: String) -> ExprValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return ExprDecimal(string: n).map { .number($0) } ?? .string(n)
        case .string(let s):
            if moneyKeys.contains(key), let d = ExprDecimal(string: s) { return .number(d) }
            return .string(s)
        case .array(let items): return .list(items.map { plain($0, key: "") })
        case .object(let o):
            var out: [String: ExprValue] = [:]
            for (k, item) in o { out[k] = plain(item, key: k) }
            return .map(out)
        }
    }

    private static func number(_ m: Money) -> ExprValue {
        ExprDecimal(minorUnits: m.minor, scale: m.currency.exponent).map { .number($0) } ?? .null
    }

    private static func integer(_ i: Int) -> ExprValue {
        ExprDecimal(integer: Int64(i)).map { .number($0) } ?? .null
    }

    // MARK: schema

    /// The schema a rule covering these actions is checked against (nil = every action):
    /// every fact above plus the union of the actions' arguments.
    public static func schema(for actions: Set<ActionName>?) -> ExprSchema {
        var entries: [String: ExprType] = [:]
        for f in facts { entries[f.path] = f.type }
        let covered = actions.map { a in ActionName.allCases.filter { a.contains($0) } } ?? ActionName.allCases
        var args: [String: ExprType] = [:]
        for action in covered {
            for field in ActionCatalog.spec(for: action).fields {
                addField(field, prefix: "args", into: &args)
            }
        }
        for (k, v) in args { entries[k] = v }
        if args.isEmpty { entries["args"] = .map }
        return ExprSchema(entries)
    }

    private static func addField(_ field: ArgumentField, prefix: String, into entries: inout [String: ExprType]) {
        let path = prefix + "." + field.name
        let type: ExprType
        switch field.type {
        case .id, .text, .date, .currency: type = .string
        case .amount, .integer, .percent: type = .number
        case .objects, .ids: type = .list
        }
        if let existing = entries[path], existing != type {
            entries[path] = .any
        } else {
            entries[path] = type
        }
    }
}

extension GuardrailFacts {
    /// A fact value as JSON (numbers as exact decimal text, map keys sorted).
    public static func json(_ value: ExprValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d.description)
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map(json))
        case .map(let m): return .object(JSONObject(m.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }
}
