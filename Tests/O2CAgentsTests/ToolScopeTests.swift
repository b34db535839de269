import Foundation
import GRDB
import O2CCore
import O2CLedger
import O2CDemo
import PropertyBased
import Testing
@testable import O2CAgents

/// The documents of each sales rep of the demo ledger, and ids that exist for nobody.
struct RepDocuments {
    static let reps = ["sam", "rita", "omar", "lena"]
    static let missing = ["customer": "C-999999", "order": "SO-999999", "invoice": "INV-999999", "payment": "PAY-999999"]
    /// rep → kind → ids.
    let ids: [String: [String: [String]]]

    init(_ ledger: Ledger) throws {
        var ids: [String: [String: [String]]] = [:]
        let owners = Dictionary(try ledger.customers().map { ($0.id, $0.owner) },
                                uniquingKeysWith: { a, _ in a })
        for rep in Self.reps {
            let filter = ListFilter(owner: rep, limit: 40)
            ids[rep] = [
                "customer": owners.filter { $0.value == rep }.map(\.key).sorted(),
                "order": try ledger.orders(filter).map(\.id),
                "invoice": try ledger.invoices(filter).map(\.id),
                "payment": try ledger.payments(ListFilter(limit: 100_000)).filter { owners[$0.customerID ?? ""] == rep }
                    .prefix(40).map(\.id),
            ]
        }
        self.ids = ids
    }

    func own(_ rep: String, _ kind: String, _ n: Int) -> String {
        let list = ids[rep]?[kind] ?? []
        return list.isEmpty ? Self.missing[kind] ?? "?" : list[n % list.count]
    }

    func foreign(_ rep: String, _ kind: String, _ n: Int) -> String {
        let others = Self.reps.filter { $0 != rep }
        return own(others[n % others.count], kind, n / others.count)
    }
}

/// A tool call's arguments built from its schema, with every document id chosen by `id(kind, slot)`.
struct ToolArguments {
    var rng: UInt64
    var slot = 0

    mutating func next(_ bound: Int) -> Int {
        rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((rng >> 33) % UInt64(max(bound, 1)))
    }

    mutating func build(_ schema: JSONValue, id: (String, Int) -> String) -> JSONObject {
        var out = JSONObject()
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for (name, property) in schema["properties"]?.objectValue?.members ?? [] {
            guard required.contains(name) || (name.hasSuffix("_id") && next(2) == 0) else { continue }
            out[name] = value(name, property, id: id)
        }
        return out
    }

    private mutating func value(_ name: String, _ property: JSONValue, id: (String, Int) -> String) -> JSONValue {
        func nextID(_ kind: String) -> JSONValue {
            defer { slot += 1 }
            return .string(id(kind, slot))
        }
        switch name {
        case "customer_id", "order_id", "invoice_id", "payment_id": return nextID(String(name.dropLast(3)))
        case "invoice_ids": return [nextID("invoice")]
        case "allocations": return [["invoice_id": nextID("invoice"), "amount": "1.00"]]
        case "lines": return [["sku": "WID-100", "quantity": .int(1 + next(3))]]
        case "sku": return "WID-100"
        case "new_sku": return "WID-101"
        case "discount_percent": return .int(1 + next(20))
        case "amount", "credit_limit": return .string("\(1 + next(50)).00")
        case "currency": return "USD"
        case "date": return "2026-11-20"
        case "level": return .int(1 + next(3))
        case "name": return "Co"
        default:
            switch property["type"]?.stringValue {
            case "integer": return .int(1)
            case "array": return []
            default: return "property test"
            }
        }
    }
}

@Suite("Scope: every id a tool takes", .serialized)
struct ToolScopeTests {
    static let agents = ["sales-assistant", "order-intake", "collections", "cash-application"]

    static func context(_ ledger: Ledger, rep: String, agent: String = "sales-assistant") throws -> ToolContext {
        ToolContext(ledger: ledger, actor: .agent(agent, runID: "RUN-T", onBehalfOf: rep), scope: ToolScope(owner: rep),
                    content: try AgentFixture.content())
    }

    /// What the model would receive, with `id` written as `<ID>`.
    static func seen(_ output: ToolOutput, _ id: String) -> String {
        output.json.serialized().replacingOccurrences(of: id, with: "<ID>")
    }

    @Test func everyKindOfDocumentIsResolvedToItsCustomerAndForeignAndMissingReadAlike() throws {
        let ledger = try AgentFixture.ledger()
        let docs = try RepDocuments(ledger)
        let ritaOrder = docs.own("rita", "order", 0)
        // Documents the tools never take today still resolve: a shipment, and an approval request.
        let shipped = try ledger.orders(ListFilter(owner: "rita", status: "invoiced", limit: 5)).compactMap { $0.id }.first
        let shipment = try #require(try shipped.flatMap { try ledger.order($0).shipment?.id })
        let parked = try ledger.submit(ActionRequest(action: .applyDiscount, args: ["order_id": .string(ritaOrder), "discount_percent": 10, "reason": "r"],
                                                     actor: .agent("order-intake")))
        guard case .pendingApproval(let approval, _) = parked else { Issue.record("not parked: \(parked)"); return }
        let open = try #require(try ledger.invoices(ListFilter(owner: "rita", status: "open", limit: 1)).first?.id)
        let credited = try ledger.with(policy: DemoData.policy).submit(ActionRequest(
            action: .issueCreditNote, args: ["invoice_id": .string(open), "amount": "1.00", "reason": "r"], actor: DemoData.actor))
        guard case .executed(let note) = credited else { Issue.record("no credit note: \(credited)"); return }
        let ctx = try Self.context(ledger, rep: "sam")
        let cases: [(String, String, String)] = [
            ("order", ritaOrder, "SO-999999"), ("shipment", shipment, "SH-999999"), ("approval", approval, "AP-999999"),
            ("credit note", note.id, "CN-999999"), ("invoice", docs.own("rita", "invoice", 0), "INV-999999"),
        ]
        for (kind, foreign, missing) in cases {
            let key = kind.replacingOccurrences(of: " ", with: "_") + "_id"
            let a = ctx.scope.refusal(for: [key: .string(foreign)], effect: .read, ledger: ledger)
            let b = ctx.scope.refusal(for: [key: .string(missing)], effect: .read, ledger: ledger)
            #expect(a == "no \(kind) \(foreign) in your accounts")
            #expect(a?.replacingOccurrences(of: foreign, with: "<ID>") == b?.replacingOccurrences(of: missing, with: "<ID>"))
        }
        // Ids inside arrays, at any depth, and id lists are checked too.
        let own = docs.own("sam", "invoice", 0), theirs = docs.own("rita", "invoice", 1)
        #expect(ctx.scope.refusal(for: ["payment_id": .string(docs.own("sam", "payment", 0)),
                                        "allocations": [["invoice_id": .string(own)], ["invoice_id": .string(theirs)]]],
                                  effect: .write, ledger: ledger) == "no invoice \(theirs) in your accounts")
        #expect(ctx.scope.refusal(for: ["customer_id": .string(docs.own("sam", "customer", 0)), "invoice_ids": [.string(own), .string(theirs)]],
                                  effect: .write, ledger: ledger) == "no invoice \(theirs) in your accounts")
        #expect(ctx.scope.refusal(for: ["order_id": .string(docs.own("sam", "order", 0))], effect: .write, ledger: ledger) == nil)
        // A write that names nobody's document (an unattributed payment) is not the rep's to make.
        #expect(ctx.scope.refusal(for: ["amount": "1.00", "currency": "USD", "date": "2026-11-20"], effect: .write, ledger: ledger) != nil)
        // Without a scope nothing is refused here (the gate and the tools report missing documents).
        #expect(ToolScope.all.refusal(for: ["order_id": "SO-999999"], effect: .write, ledger: ledger) == nil)
    }

    /// Random reps × random agents × every tool × own, foreign and missing ids: a call naming a
    /// foreign or a missing document is refused before any tool runs, with the same answer for
    /// both, and writes nothing; a call on the rep's own documents is executed only where a
    /// guardrail explicitly allows it for that agent.
    @Test func randomCallsNeverReachOutsideTheRepsScopeNorPastARule() async throws {
        let ledger = try AgentFixture.ledger()
        let docs = try RepDocuments(ledger)
        let registry = ToolRegistry.standard
        let tools = registry.names
        let allowed = Set(tools)
        // What any write leaves behind: an audit record (executed, or parked in the queue).
        let probe = try DatabaseQueue(path: ledger.path)
        let records = { try? probe.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") } }
        let probed = Locked(0), reachedTheGate = Locked(0)
        await propertyCheck(count: 120, input: Gen.int(in: 0...3), Gen.int(in: 0...(tools.count - 1)), Gen.int(in: 0...3),
                            Gen.uint64(in: 0...UInt64.max)) { repIndex, toolIndex, agentIndex, seed in
            let rep = RepDocuments.reps[repIndex], name = tools[toolIndex], agent = Self.agents[agentIndex]
            guard let tool = registry.tools[name], let ctx = try? Self.context(ledger, rep: rep, agent: agent) else {
                Issue.record("no tool \(name)")
                return
            }
            // The arguments with every id the rep's own; then again with one id foreign, and missing.
            var probeArgs = ToolArguments(rng: seed)
            _ = probeArgs.build(tool.schema) { _, _ in "" }
            let slots = probeArgs.slot
            let probe = slots == 0 ? -1 : Int(seed % UInt64(slots))
            func args(_ variant: String) -> (JSONObject, String) {
                var gen = ToolArguments(rng: seed)
                var probed = ""
                let built = gen.build(tool.schema) { kind, slot in
                    guard slot == probe else { return docs.own(rep, kind, slot + Int(seed % 7)) }
                    probed = variant == "foreign" ? docs.foreign(rep, kind, Int(seed % 11)) : variant == "missing"
                        ? RepDocuments.missing[kind] ?? "?" : docs.own(rep, kind, slot)
                    return probed
                }
                return (built, probed)
            }
            let (own, _) = args("own")
            let (outcome, _) = registry.call(name, argumentsJSON: JSONValue.object(own).serialized(), allowed: allowed, context: ctx)
            if case .gate(.executed) = outcome {
                let pct = own["discount_percent"]?.intValue ?? 100
                let permitted = (name == "apply_discount" && pct <= 5) || (name == "create_order" && agent == "order-intake")
                    || ((name == "send_dunning_notice" || name == "send_dunning_email") && agent == "collections")
                    || (name == "apply_payment" && agent == "cash-application")
                #expect(permitted, "\(agent) executed \(name) \(JSONValue.object(own).serialized()) without a rule allowing it")
            }
            if case .gate = outcome {
                reachedTheGate.withLock { $0 += 1 }
                var ids: [(kind: String, id: String)] = []
                ToolScope.collectIDs(.object(own), into: &ids)
                for (_, id) in ids { #expect((try? ledger.documentOwner(id))?.owner == rep, "\(name) reached \(id) outside \(rep)'s accounts") }
            }
            guard probe >= 0 else { return }
            probed.withLock { $0 += 1 }
            let before = records()
            #expect(before != nil)
            let (foreignArgs, foreignID) = args("foreign")
            let (missingArgs, missingID) = args("missing")
            let (foreign, _) = registry.call(name, argumentsJSON: JSONValue.object(foreignArgs).serialized(), allowed: allowed, context: ctx)
            let (missing, _) = registry.call(name, argumentsJSON: JSONValue.object(missingArgs).serialized(), allowed: allowed, context: ctx)
            let after = records()
            #expect(after == before, "\(name) with a foreign or missing id wrote to the ledger")
            guard case .error(let message) = foreign else {
                Issue.record("\(name) with \(rep)'s foreign id \(foreignID) was not refused: \(foreign.json.serialized())")
                return
            }
            #expect(message.hasSuffix(" in your accounts"), "\(message)")
            #expect(Self.seen(foreign, foreignID) == Self.seen(missing, missingID), "foreign and missing differ for \(name)")
        }
        // The property was tried, not skipped: calls with ids, and own proposals that met the gate.
        #expect(probed.withLock { $0 } >= 40 && reachedTheGate.withLock { $0 } >= 10, "\(probed.withLock { $0 }) probed, \(reachedTheGate.withLock { $0 }) at the gate")
    }

    @Test func argumentsTheSchemaRulesOutAreRefusedBeforeAnyToolRunsNamingTheRule() throws {
        // Found by the hostile-text corpus and the fault soak: a look-alike id (a Unicode dash,
        // lower case) passed the registry's check and reached the ledger, because the check
        // ignored the patterns and bounds the schemas advertise.
        let ledger = try AgentFixture.ledger()
        let ctx = try Self.context(ledger, rep: "sam", agent: "order-intake")
        let registry = ToolRegistry.standard
        let allowed = Set(registry.names)
        func refusal(_ tool: String, _ args: String) -> String? {
            if case .error(let message) = registry.call(tool, argumentsJSON: args, allowed: allowed, context: ctx).0 { return message }
            return nil
        }
        #expect(refusal("order_status", #"{"order_id": "SO\u20101295"}"#)?.contains("arguments.order_id must match ^SO-[0-9]+$") == true)
        #expect(refusal("customer_lookup", #"{"customer_id": "c-001"}"#)?.contains("must match ^C-[0-9]+$") == true)
        #expect(refusal("customer_lookup", #"{"customer_id": "C-001\nC-002"}"#)?.contains("must match") == true)
        #expect(refusal("find_alternatives", #"{"sku": "WID-100", "quantity": 0}"#)?.contains("arguments.quantity must be at least 1, got 0") == true)
        #expect(refusal("draft_dunning_email", #"{"customer_id": "C-001", "level": 4}"#)?.contains("at most 3") == true)
        let lines = Array(repeating: #"{"sku": "WID-100", "quantity": 1}"#, count: 201).joined(separator: ",")
        #expect(refusal("validate_pricing", #"{"customer_id": "C-001", "lines": [\#(lines)]}"#)?.contains("at most 200 items, got 201") == true)
        #expect(refusal("apply_discount", #"{"order_id": "SO-1297", "discount_percent": 150, "reason": "x"}"#)?.contains("at most 100") == true)
        // Arguments within the schema still run.
        #expect(refusal("customer_lookup", #"{"customer_id": "C-001"}"#) == nil)
        #expect(refusal("find_alternatives", #"{"sku": "WID-100", "quantity": 1}"#) == nil)
    }
}
