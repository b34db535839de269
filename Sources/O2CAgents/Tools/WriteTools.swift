import O2CCore
import O2CLedger

/// The write tools: each proposes one ledger action through the gate, as the run's agent on
/// behalf of the person who asked, under the call's idempotency key, and returns the gate's
/// outcome. Nothing a model says reaches the ledger any other way; the scope was checked before.
enum WriteTools {
    /// One tool per action agents may propose, plus `send_dunning_email` (send_dunning_notice
    /// with the content check of the dunning guardrail).
    static let all: [AgentTool] = ActionCatalog.all.map(tool(for:)) + [dunningEmail]

    static func schema(_ spec: ActionSpec) -> JSONValue {
        var s = spec.jsonSchema.objectValue ?? JSONObject()
        var props = s["properties"]?.objectValue ?? JSONObject()
        props["reason"] = ["type": "string", "maxLength": 1000,
                           "description": "Why you propose this, for the person who may have to approve it."]
        s["properties"] = .object(props)
        return .object(s)
    }

    static func tool(for spec: ActionSpec) -> AgentTool {
        AgentTool(name: spec.name.rawValue,
                  description: spec.summary + " Proposes the change through the company's gate: the result says whether it was executed, is waiting for a person's approval (with the request id), was denied by a guardrail, or is invalid.",
                  schema: schema(spec), effect: .write) { args, ctx in
            try submit(spec.name, args, ctx)
        }
    }

    static func submit(_ action: ActionName, _ args: JSONObject, _ ctx: ToolContext) throws -> ToolOutput {
        var actionArgs = args
        let reason = actionArgs["reason"]?.stringValue
        actionArgs["reason"] = nil
        // Action arguments that are themselves called "reason" (cancel_order, write_off, ...) keep it.
        if ActionCatalog.spec(for: action).fields.contains(where: { $0.name == "reason" }), let reason { actionArgs["reason"] = .string(reason) }
        let request = ActionRequest(action: action, args: .object(actionArgs), actor: ctx.actor, idempotencyKey: ctx.idempotencyKey, reason: reason)
        return .gate(try ctx.ledger.submit(request))
    }


    static let dunningEmail = AgentTool(
        name: "send_dunning_email",
        description: "Send a dunning notice (e-mail) about a customer's overdue invoices at a level (1 reminder, 2 firm reminder, 3 final notice). Every amount and invoice number in the subject and body must match the ledger (use draft_dunning_email). Goes through the company's gate.",
        schema: schema(ActionCatalog.spec(for: .sendDunningNotice)), effect: .write) { args, ctx in
        let level = Int(args["level"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "1") ?? 1
        var invoices: [(id: String, openAmount: String, currency: String)] = []
        for id in (args["invoice_ids"]?.arrayValue ?? []).compactMap(\.stringValue) {
            if let inv = try? ctx.ledger.invoice(id) {
                invoices.append((id, inv.openAmount, inv.currency))
            }
        }
        let problems = ctx.content.checkDunning(subject: args["subject"]?.stringValue ?? "", body: args["body"]?.stringValue ?? "",
                                                level: level, invoices: invoices)
        if !problems.isEmpty {
            return .error("the e-mail does not pass the dunning guardrail: " + problems.joined(separator: "; "))
        }
        return try submit(.sendDunningNotice, args, ctx)
    }
}
