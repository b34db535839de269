import O2CAgents
import O2CCore
import O2CLedger

/// Routes from the agents' `triggers`: one `agent` job per event and agent, keyed
/// `agent:NAME:EVENT_ID` (`key(agent:event:)`). `order.received` starts an agent only for text intake (an event whose
/// payload carries the `text`); an order entered as data needs no reading.
public enum AgentTriggers {
    /// Tries of one agent run (a run that ends `failed` is tried again like any job).
    public static let maxAttempts = 3

    /// The routes of every profile's triggers.
    public static func routes(_ profiles: [AgentProfile]) -> [Route] {
        profiles.flatMap { p in p.triggers.map { route(agent: p.name, event: $0) } }
    }

    /// One agent's route for one event type.
    public static func route(agent: String, event type: String) -> Route {
        Route(eventType: type, kind: JobKind.agent) { e in
            if e.type == "order.received", e.payload["text"]?.stringValue == nil { return nil }
            return NewJob(kind: JobKind.agent, key: key(agent: agent, event: e), subject: e.subject,
                          payload: ["agent": .string(agent), "event": e.json], maxAttempts: maxAttempts, eventID: e.id)
        }
    }

    /// The job key of an agent's run for an event: `agent:NAME:EVENT_ID`, one run per event;
    /// except `carrier.delayed`, raised by every shipment while the preferred carrier is late:
    /// one run per agent, delayed carrier and day (`agent:NAME:carrier.delayed:DHL:2026-03-02`).
    public static func key(agent: String, event e: WorkflowEvent) -> String {
        if e.type == "carrier.delayed" {
            return "agent:\(agent):carrier.delayed:\(e.payload["preferred"]?.stringValue ?? "?"):\(e.createdAt.prefix(10))"
        }
        return "agent:\(agent):\(e.id)"
    }

    /// What the agent is told about the event: text intake gets the text itself; other events a
    /// plain sentence with the facts (shown to a person too, when no model is configured).
    public static func input(for event: JSONValue) -> String {
        let type = event["type"]?.stringValue ?? "?"
        let subject = event["subject"]?.stringValue ?? "?"
        let payload = event["payload"] ?? .null
        if type == "order.received", let text = payload["text"]?.stringValue { return text }
        let facts = payload.objectValue.map { o in o.map { "\($0.key): \($0.value.stringValue ?? $0.value.serialized())" }.joined(separator: "; ") } ?? ""
        let ask: String
        switch type {
        case "order.credit_hold":
            ask = "Order \(subject) is on credit hold. Weigh the case for releasing it (release_credit_hold with its order_id and customer_id) or keeping it held, citing the numbers."
        case "stock.short":
            ask = "Order \(subject) could not be reserved: lines are short of stock. Propose an in-stock alternative (substitute_line) for each short line, or say what a person should decide."
        case "carrier.delayed":
            ask = "The preferred carrier is delayed: order \(subject) shipped with an on-time carrier instead (later shipments today do the same). Check the carriers and the orders waiting to ship, and say whether anything needs a person."
        case "invoice.overdue":
            ask = "Invoice \(subject) is overdue. Follow your instructions for overdue invoices."
        case "payment.unmatched":
            ask = "Payment \(subject) could not be matched to open invoices with confidence. Propose the allocation you are sure of, or say what a person should check."
        default:
            ask = "Event \(type) on \(subject). Follow your instructions for it."
        }
        return facts.isEmpty ? ask : ask + "\nFacts: " + facts
    }
}
