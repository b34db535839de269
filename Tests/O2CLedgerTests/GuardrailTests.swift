import Foundation
import O2CCore
import O2CExpression
import Testing
@testable import O2CLedger

// MARK: helpers

/// The shipped `guardrails/` folder of this repository.
private let shippedDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("guardrails").path

private let usd = Currency(code: "USD", exponent: 2)

private func money(_ major: Int64) -> Money { Money(minor: major * 100, currency: usd) }

private func shipped() throws -> GuardrailSet {
    try GuardrailSet.load(directory: shippedDirectory).get()
}

private func customer(limit: Int64 = 50_000, exposure: Int64 = 10_000, overdueDays: Int = 0, onHold: Bool = false) -> CustomerFacts {
    CustomerFacts(id: "C-001", currency: "USD", region: "US-CA", owner: "sam", onHold: onHold, creditLimit: money(limit),
                  exposure: money(exposure), overdueAmount: money(overdueDays > 0 ? 1_000 : 0), maxDaysOverdue: overdueDays)
}

/// Facts as a handler would leave them.
private func facts(_ action: ActionName, _ args: JSONValue = [:], actor: Actor, role: Role? = nil, customer: CustomerFacts? = nil,
                   amount: Int64? = nil, extra: JSONObject = JSONObject()) -> ActionFacts {
    var f = ActionFacts(action: action, args: args, actor: actor, approved: false)
    f.actorRole = role
    f.customer = customer
    if let amount {
        f.amount = money(amount)
        f.amountBase = money(amount)
    }
    f.extra = extra
    // Orders at list price, as the handlers note them for create_order and actions on an order.
    if action == .createOrder || action == .applyDiscount {
        f.order = ["manual_price": false, "zero_price_lines": 0, "price_deviation_percent": 0]
    }
    if action == .createOrder, f.extra["line"] == nil { f.extra["line"] = ["max_below_list_percent": 0] }
    return f
}

private func discount(_ percent: String, actor: Actor, role: Role? = nil) -> ActionFacts {
    facts(.applyDiscount, ["order_id": "SO-1001", "discount_percent": .number(percent), "reason": "loyal"], actor: actor, role: role, customer: customer())
}

private func dunning(level: Int, disputed: Int = 0, recent: Int = 0, actor: Actor, role: Role? = nil) -> ActionFacts {
    facts(.sendDunningNotice, ["customer_id": "C-001", "invoice_ids": ["INV-1001"], "level": .int(level)], actor: actor, role: role,
          customer: customer(overdueDays: 20), amount: 500,
          extra: ["dunning": ["level": .int(level), "invoice_count": 1, "disputed_count": .int(disputed), "notices_last_7_days": .int(recent),
                              "invoice_notices_last_7_days": .int(recent), "fee": .number("0.00"), "days_since_last_notice": .null]])
}

private func applyPayment(exact: Bool, actor: Actor, role: Role? = nil) -> ActionFacts {
    facts(.applyPayment, ["payment_id": "PAY-1001", "allocations": [["invoice_id": "INV-1001", "amount": "100.00"]]], actor: actor, role: role,
          customer: customer(), amount: 100,
          extra: ["payment": ["id": "PAY-1001", "amount": "120.00", "unapplied_after": exact ? "0.00" : "20.00",
                              "short_paid_invoices": 0, "exact": .bool(exact)]])
}

private let agent = Actor.agent("sales", runID: "RUN-1")
private let collections = Actor.agent("collections")
private let cashApp = Actor.agent("cash-application")

extension PolicyDecision {
    var outcome: String {
        switch self {
        case .allow: return "allow"
        case .requireApproval: return "require_approval"
        case .deny: return "deny"
        }
    }
    var ruleNames: [String] {
        switch self {
        case .allow(let r), .deny(let r), .requireApproval(_, _, let r): return r.map(\.name)
        }
    }
    var approverRole: Role? {
        if case .requireApproval(let role, _, _) = self { return role }
        return nil
    }
    var approverCount: Int {
        if case .requireApproval(_, let n, _) = self { return n }
        return 0
    }
}

private func tempDirectory() throws -> String {
    let dir = NSTemporaryDirectory() + "o2c-guardrails-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ text: String, to dir: String, _ name: String) throws {
    try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
}

private func set(_ files: [String: String]) throws -> GuardrailSet {
    try GuardrailSet.load(files: files).get()
}

// MARK: shipped rules

@Suite("Shipped guardrails")
struct ShippedGuardrailTests {
    @Test func shippedFolderLoadsAndLintsClean() throws {
        #expect(GuardrailSet.lint(directory: shippedDirectory).map(\.description) == [])
        let s = try shipped()
        #expect(s.hasRolesFile)
        #expect(s.fileNames.contains("credit.yaml") && s.fileNames.contains("roles.yaml"))
    }

    @Test func anAgentsOrderOverAvailableCreditNeedsACreditManagerWhileAPersonsGoesOnCreditHold() throws {
        let s = try shipped()
        let within = s.evaluate(facts(.createOrder, actor: .user("sam"), role: .salesRep, customer: customer(limit: 50_000, exposure: 10_000), amount: 39_000))
        #expect(within.decision.outcome == "allow")
        // A rep's order beyond the credit is allowed by the rules: the ledger enters it on credit hold.
        let rep = s.evaluate(facts(.createOrder, actor: .user("sam"), role: .salesRep, customer: customer(limit: 50_000, exposure: 10_000), amount: 40_001))
        #expect(rep.decision.outcome == "allow")
        let over = s.evaluate(facts(.createOrder, actor: .agent("order-intake"), customer: customer(limit: 50_000, exposure: 10_000), amount: 40_001))
        #expect(over.decision.outcome == "require_approval")
        #expect(over.decision.approverRole == .creditManager)
        #expect(over.decision.ruleNames == ["order-over-available-credit"])
        // roles.yaml does not let credit managers create orders.
        let own = s.evaluate(facts(.createOrder, actor: .user("cm"), role: .creditManager, customer: customer(exposure: 10_000), amount: 40_001))
        #expect(own.decision.outcome == "deny")
    }

    @Test func orderWithInvoicesOverThirtyDaysOverdueNeedsCreditManager() throws {
        let s = try shipped()
        let recent = s.evaluate(facts(.createOrder, actor: .user("sam"), role: .salesRep, customer: customer(overdueDays: 30), amount: 10))
        #expect(recent.decision.outcome == "allow")
        let old = s.evaluate(facts(.createOrder, actor: .user("sam"), role: .salesRep, customer: customer(overdueDays: 31), amount: 10))
        #expect(old.decision.ruleNames == ["order-with-overdue-invoices"])
        #expect(old.decision.approverRole == .creditManager)
    }

    @Test func releasingAHoldNeedsACreditManagerAndTwoAboveFiftyThousand() throws {
        let s = try shipped()
        let args: JSONValue = ["customer_id": "C-001", "reason": "paid"]
        let byManager = s.evaluate(facts(.releaseCreditHold, args, actor: .user("cm"), role: .creditManager, customer: customer(onHold: true), amount: 50_000))
        #expect(byManager.decision.outcome == "allow")
        let byWorkflow = s.evaluate(facts(.releaseCreditHold, args, actor: .workflow, customer: customer(onHold: true), amount: 1_000))
        #expect(byWorkflow.decision.ruleNames == ["release-hold-needs-credit-manager"])
        #expect(byWorkflow.decision.approverRole == .creditManager && byWorkflow.decision.approverCount == 1)
        let large = s.evaluate(facts(.releaseCreditHold, args, actor: .user("cm"), role: .creditManager, customer: customer(onHold: true), amount: 50_001))
        #expect(large.decision.ruleNames == ["large-release-needs-two"])
        #expect(large.decision.approverCount == 2)
        let largeByAgent = s.evaluate(facts(.releaseCreditHold, args, actor: agent, customer: customer(onHold: true), amount: 60_000))
        #expect(largeByAgent.decision.ruleNames == ["release-hold-needs-credit-manager", "large-release-needs-two"])
        #expect(largeByAgent.decision.approverCount == 2 && largeByAgent.decision.approverRole == .creditManager)
    }

    @Test func agentPlacingACreditHoldNeedsCreditManager() throws {
        let s = try shipped()
        let args: JSONValue = ["customer_id": "C-001", "reason": "bounced payment"]
        let byAgent = s.evaluate(facts(.placeCreditHold, args, actor: agent, customer: customer(), amount: 10_000))
        #expect(byAgent.decision.ruleNames == ["agent-hold-needs-credit-manager"])
        #expect(byAgent.decision.approverRole == .creditManager)
        let byManager = s.evaluate(facts(.placeCreditHold, args, actor: .user("cm"), role: .creditManager, customer: customer(), amount: 10_000))
        #expect(byManager.decision.outcome == "allow")
    }

    @Test func discountsAboveThirtyPercentAreDeniedForAnyone() throws {
        let s = try shipped()
        #expect(s.evaluate(discount("30", actor: .user("root"), role: .admin)).decision.outcome == "allow")
        let over = s.evaluate(discount("30.01", actor: .user("root"), role: .admin))
        #expect(over.decision.outcome == "deny")
        #expect(over.decision.ruleNames == ["discount-over-30-never"])
    }

    @Test func agentsGiveUpToFivePercentAlone() throws {
        let s = try shipped()
        let small = s.evaluate(discount("5", actor: agent))
        #expect(small.decision.outcome == "allow")
        #expect(small.decision.ruleNames == ["agent-discount-small"])
        let asString = s.evaluate(facts(.applyDiscount, ["order_id": "SO-1", "discount_percent": "4.5", "reason": "r"], actor: agent))
        #expect(asString.decision.outcome == "allow")
        #expect(s.evaluate(discount("5.01", actor: agent)).decision.outcome == "require_approval")
    }

    @Test func agentDiscountsUpToFifteenPercentNeedASalesManager() throws {
        let s = try shipped()
        let v = s.evaluate(discount("15", actor: agent))
        #expect(v.decision.ruleNames == ["agent-discount-cap"])
        #expect(v.decision.approverRole == .salesManager)
        #expect(v.decision.approverCount == 1)
        #expect(v.fired.map(\.rule.message) == ["Discounts above 5% need a sales manager"])
    }

    @Test func agentDiscountsAboveFifteenPercentAreDenied() throws {
        let s = try shipped()
        let v = s.evaluate(discount("15.5", actor: agent))
        #expect(v.decision.outcome == "deny")
        #expect(v.decision.ruleNames == ["agent-discount-over-15"])
    }

    @Test func salesRepDiscountsAboveFifteenPercentNeedASalesManager() throws {
        let s = try shipped()
        #expect(s.evaluate(discount("15", actor: .user("sam"), role: .salesRep)).decision.outcome == "allow")
        let v = s.evaluate(discount("20", actor: .user("sam"), role: .salesRep))
        #expect(v.decision.ruleNames == ["rep-discount-over-15"])
        #expect(v.decision.approverRole == .salesManager)
        #expect(s.evaluate(discount("20", actor: .user("mia"), role: .salesManager)).decision.outcome == "allow")
    }

    @Test func noDunningAboutDisputedInvoices() throws {
        let s = try shipped()
        #expect(s.evaluate(dunning(level: 1, actor: collections)).decision.outcome == "allow")
        let v = s.evaluate(dunning(level: 1, disputed: 1, actor: collections))
        #expect(v.decision.outcome == "deny")
        #expect(v.decision.ruleNames == ["no-dunning-on-disputed"])
    }

    @Test func atMostOneDunningNoticePerWeek() throws {
        let s = try shipped()
        #expect(s.evaluate(dunning(level: 2, recent: 0, actor: .user("ann"), role: .arClerk)).decision.outcome == "allow")
        let v = s.evaluate(dunning(level: 2, recent: 1, actor: .user("ann"), role: .arClerk))
        #expect(v.decision.ruleNames == ["one-notice-per-week"])
        #expect(v.decision.outcome == "deny")
    }

    @Test func finalNoticesNeedAnARClerk() throws {
        let s = try shipped()
        #expect(s.evaluate(dunning(level: 3, actor: .user("ann"), role: .arClerk)).decision.outcome == "allow")
        let byWorkflow = s.evaluate(dunning(level: 3, actor: .workflow))
        #expect(byWorkflow.decision.ruleNames == ["final-notice-needs-ar-clerk"])
        #expect(byWorkflow.decision.approverRole == .arClerk)
        let byAgent = s.evaluate(dunning(level: 3, actor: collections))
        #expect(byAgent.decision.ruleNames == ["final-notice-needs-ar-clerk"])
    }

    @Test func collectionsAgentSendsReminderLevelsAlone() throws {
        let s = try shipped()
        let v = s.evaluate(dunning(level: 2, actor: collections))
        #expect(v.decision.outcome == "allow")
        #expect(v.decision.ruleNames == ["collections-agent-reminders"])
        let other = s.evaluate(dunning(level: 1, actor: Actor.agent("sales")))
        #expect(other.decision.ruleNames == ["agents-need-approval"])
    }

    @Test func paymentApplicationWithAResidualNeedsAFinanceManager() throws {
        let s = try shipped()
        let exact = s.evaluate(applyPayment(exact: true, actor: cashApp))
        #expect(exact.decision.outcome == "allow")
        #expect(exact.decision.ruleNames == ["cash-application-exact"])
        let residual = s.evaluate(applyPayment(exact: false, actor: cashApp))
        #expect(residual.decision.ruleNames == ["residual-mismatch-needs-finance"])
        #expect(residual.decision.approverRole == .financeManager)
        // A clerk's partial application waits for finance too; a finance manager's does not.
        #expect(s.evaluate(applyPayment(exact: false, actor: .user("ann"), role: .arClerk)).decision.ruleNames == ["residual-mismatch-needs-finance"])
        #expect(s.evaluate(applyPayment(exact: false, actor: .user("fin"), role: .financeManager)).decision.outcome == "allow")
        #expect(s.evaluate(applyPayment(exact: true, actor: .user("ann"), role: .arClerk)).decision.outcome == "allow")
    }

    @Test func unapplyingAPaymentNeedsAFinanceManager() throws {
        let s = try shipped()
        let args: JSONValue = ["payment_id": "PAY-1", "invoice_id": "INV-1"]
        let byAgent = s.evaluate(facts(.unapplyPayment, args, actor: cashApp, customer: customer(), amount: 100))
        #expect(byAgent.decision.ruleNames == ["unapply-needs-finance"])
        #expect(byAgent.decision.approverRole == .financeManager)
        #expect(s.evaluate(facts(.unapplyPayment, args, actor: .user("fin"), role: .financeManager, customer: customer(), amount: 100)).decision.outcome == "allow")
        #expect(s.evaluate(facts(.unapplyPayment, args, actor: .user("ann"), role: .arClerk, customer: customer(), amount: 100)).decision.outcome == "deny")
    }

    @Test func writeOffsNeedFinanceAndTwoAboveOneThousand() throws {
        let s = try shipped()
        let args: JSONValue = ["invoice_id": "INV-1", "amount": "500.00", "reason": "insolvent"]
        #expect(s.evaluate(facts(.writeOff, args, actor: .user("fin"), role: .financeManager, customer: customer(), amount: 1_000)).decision.outcome == "allow")
        let byAgent = s.evaluate(facts(.writeOff, args, actor: agent, customer: customer(), amount: 500))
        #expect(byAgent.decision.ruleNames == ["write-off-needs-finance"])
        #expect(byAgent.decision.approverCount == 1)
        let large = s.evaluate(facts(.writeOff, args, actor: .user("fin"), role: .financeManager, customer: customer(), amount: 1_001))
        #expect(large.decision.ruleNames == ["large-write-off-needs-two"])
        #expect(large.decision.approverRole == .financeManager && large.decision.approverCount == 2)
    }

    @Test func workflowRecordsPaymentsButAgentsDoNot() throws {
        let s = try shipped()
        let args: JSONValue = ["amount": "120.00", "currency": "USD", "date": "2026-01-05"]
        let byWorkflow = s.evaluate(facts(.recordPayment, args, actor: .workflow, amount: 120))
        #expect(byWorkflow.decision.outcome == "allow")
        #expect(byWorkflow.decision.ruleNames == ["workflow-records-payments"])
        let byAgent = s.evaluate(facts(.recordPayment, args, actor: cashApp, amount: 120))
        #expect(byAgent.decision.ruleNames == ["agents-need-approval"])
    }

    @Test func creditLimitsAreSetByFinance() throws {
        let s = try shipped()
        let args: JSONValue = ["customer_id": "C-001", "credit_limit": "90000.00"]
        #expect(s.evaluate(facts(.setCreditLimit, args, actor: .user("fin"), role: .financeManager, customer: customer(), amount: 90_000)).decision.outcome == "allow")
        let byCredit = s.evaluate(facts(.setCreditLimit, args, actor: .user("cm"), role: .creditManager, customer: customer(), amount: 90_000))
        #expect(byCredit.decision.ruleNames == ["set-credit-limit-needs-finance"])
        #expect(byCredit.decision.approverRole == .financeManager)
    }

    @Test func rolesFileSaysWhichUserRolesMaySubmitWhat() throws {
        let s = try shipped()
        let args: JSONValue = ["invoice_id": "INV-1", "amount": "5.00", "reason": "r"]
        let v = s.evaluate(facts(.writeOff, args, actor: .user("sam"), role: .salesRep, customer: customer(), amount: 5))
        #expect(v.decision.outcome == "deny")
        guard case .deny(let rules) = v.decision, let rule = rules.first else { Issue.record("not denied"); return }
        #expect(rule.file == "roles.yaml")
        #expect(rule.message.contains("sales_rep") && rule.message.contains("write_off") && rule.message.contains("finance_manager"))
        #expect(s.evaluate(facts(.writeOff, args, actor: .user("root"), role: .admin, customer: customer(), amount: 5)).decision.outcome == "allow")
        // Fulfilment is the workflow's (and managers') job.
        #expect(s.evaluate(facts(.shipOrder, ["order_id": "SO-1"], actor: .workflow, amount: 5)).decision.outcome == "allow")
        #expect(s.evaluate(facts(.shipOrder, ["order_id": "SO-1"], actor: .user("mia"), role: .salesManager, amount: 5)).decision.outcome == "allow")
        #expect(s.evaluate(facts(.shipOrder, ["order_id": "SO-1"], actor: .user("sam"), role: .salesRep, amount: 5)).decision.outcome == "deny")
    }
}

// MARK: policy semantics

@Suite("Guardrail policy semantics")
struct GuardrailSemanticsTests {
    static let mixed = """
        scope: global
        rules:
          - name: allow-it
            actions: [apply_discount]
            outcome: allow
            message: fine
          - name: one-manager
            actions: [apply_discount]
            when: args.discount_percent > 1
            outcome: require_approval
            role: sales_manager
            message: manager
          - name: two-finance
            actions: [apply_discount]
            when: args.discount_percent > 2
            outcome: require_approval
            role: finance_manager
            approvers: 2
            message: finance
          - name: two-credit
            actions: [apply_discount]
            when: args.discount_percent > 3
            outcome: require_approval
            role: credit_manager
            approvers: 2
            message: credit
          - name: never
            actions: ["*"]
            when: args.discount_percent > 4
            outcome: deny
            message: never
        """

    @Test func anyDenyWinsThenRequireApprovalThenAllow() throws {
        let s = try set(["mixed.yaml": Self.mixed])
        let denied = s.evaluate(discount("5", actor: agent))
        #expect(denied.decision.outcome == "deny")
        #expect(denied.decision.ruleNames == ["never"])
        #expect(denied.fired.map(\.rule.name) == ["allow-it", "one-manager", "two-finance", "two-credit", "never"])
        let escalated = s.evaluate(discount("1.5", actor: agent))
        #expect(escalated.decision.ruleNames == ["one-manager"])
        let allowed = s.evaluate(discount("1", actor: agent))
        #expect(allowed.decision.outcome == "allow")
        #expect(allowed.decision.ruleNames == ["allow-it"])
    }

    @Test func severalApprovalRulesTakeTheMostApproversAndTheFirstRoleOnTies() throws {
        let s = try set(["mixed.yaml": Self.mixed])
        let v = s.evaluate(discount("3.5", actor: .user("sam"), role: .salesRep))
        #expect(v.decision.ruleNames == ["one-manager", "two-finance", "two-credit"])
        #expect(v.decision.approverCount == 2)
        #expect(v.decision.approverRole == .financeManager)
    }

    @Test func agentWritesNeedAnExplicitAllow() throws {
        let s = try set(["empty.yaml": "scope: global\nrules: []\n"])
        let v = s.evaluate(discount("1", actor: agent))
        #expect(v.decision.outcome == "require_approval")
        #expect(v.decision.approverRole == nil && v.decision.approverCount == 1)
        guard case .requireApproval(_, _, let rules) = v.decision else { return }
        #expect(rules == [FiredRule(file: "(built-in)", name: "agents-need-approval", message: "no guardrail allows this agent write, so a person must approve it")])
        // Users and the workflow are allowed when their role permits the action.
        #expect(s.evaluate(discount("1", actor: .user("sam"), role: .salesRep)).decision.outcome == "allow")
        #expect(s.evaluate(discount("1", actor: .workflow)).decision.outcome == "allow")
        // The empty set behaves the same, with the standard roles.
        #expect(GuardrailSet.empty.evaluate(discount("1", actor: agent)).decision.ruleNames == ["agents-need-approval"])
        #expect(GuardrailSet.empty.evaluate(facts(.writeOff, actor: .user("sam"), role: .salesRep)).decision.outcome == "deny")
    }

    @Test func unknownUsersAreDenied() throws {
        let s = try set(["empty.yaml": "scope: global\nrules: []\n"])
        let v = s.evaluate(discount("1", actor: .user("mallory")))
        #expect(v.decision.outcome == "deny")
        guard case .deny(let rules) = v.decision else { return }
        #expect(rules.map(\.message) == ["unknown user mallory; add with o2c users add mallory --role ROLE"])
    }

    @Test func workflowIsStillSubjectToDenyAndApprovalRules() throws {
        let s = try set(["mixed.yaml": Self.mixed])
        #expect(s.evaluate(discount("5", actor: .workflow)).decision.outcome == "deny")
        #expect(s.evaluate(discount("2.5", actor: .workflow)).decision.approverRole == .financeManager)
    }

    @Test func conditionsThatCannotBeEvaluatedFailClosedToAnAdmin() throws {
        let s = try set(["hold.yaml": """
            scope: global
            rules:
              - name: no-payments-from-held-customers
                actions: ["*"]
                when: customer.on_hold
                outcome: deny
                message: Held customers are handled by people
            """])
        // record_payment without a customer: the fact is absent.
        let v = s.evaluate(facts(.recordPayment, ["amount": "1.00", "currency": "USD", "date": "2026-01-05"], actor: .workflow, amount: 1))
        #expect(v.decision.outcome == "require_approval")
        #expect(v.decision.approverRole == .admin)
        guard case .requireApproval(_, _, let rules) = v.decision, let rule = rules.first else { return }
        #expect(rule.name == "no-payments-from-held-customers")
        #expect(rule.message.contains("could not be evaluated"))
        #expect(rule.message.contains("customer"))
        #expect(v.fired.first?.evaluationError != nil)
        // With the fact present the rule works as written.
        let held = s.evaluate(facts(.placeCreditHold, ["customer_id": "C-001", "reason": "r"], actor: .workflow, customer: customer(onHold: true)))
        #expect(held.decision.outcome == "deny")
        // A null amount compared with a number fails closed too.
        let t = try set(["amount.yaml": "scope: global\nrules:\n  - name: big\n    actions: [\"*\"]\n    when: amount > 10\n    outcome: deny\n    message: big\n"])
        #expect(t.evaluate(facts(.sendInvoice, ["invoice_id": "INV-1"], actor: .workflow)).decision.approverRole == .admin)
    }

    @Test func namedFilesApplyOnlyToAgentsThatListThem() throws {
        let s = try set([
            "strict.yaml": "scope: named\nrules:\n  - name: no-discounts\n    actions: [apply_discount]\n    outcome: deny\n    message: this agent gives no discounts\n",
            "base.yaml": "scope: global\nrules:\n  - name: ok\n    actions: [apply_discount]\n    outcome: allow\n    message: ok\n",
        ])
        #expect(s.namedFiles == ["strict"])
        #expect(s.unknownFiles(["strict", "nope"]) == ["nope"])
        #expect(s.evaluate(discount("1", actor: agent)).decision.outcome == "allow")
        #expect(s.evaluate(discount("1", actor: agent), agentFiles: ["strict"]).decision.outcome == "deny")
        #expect(s.evaluate(discount("1", actor: .user("sam"), role: .salesRep), agentFiles: ["strict"]).decision.outcome == "allow")
        let policy = s.policy(filesByAgent: ["sales": ["strict"]])
        #expect(policy.decide(discount("1", actor: agent)).outcome == "deny")
        #expect(policy.decide(discount("1", actor: .agent("other"))).outcome == "allow")
    }

    @Test func factsConvertAmountsPercentagesAndHandlerFactsToNumbers() throws {
        var f = applyPayment(exact: false, actor: cashApp)
        f.invoice = JSONObject([("id", "INV-1"), ("total", "120.50"), ("disputed", false), ("days_overdue", 4)])
        let v = GuardrailFacts.values(f)
        #expect(v["amount"] == .decimal("100"))
        #expect(v["payment"] == ["id": "PAY-1001", "amount": .decimal("120")!, "unapplied_after": .decimal("20")!, "short_paid_invoices": 0, "exact": false])
        guard case .map(let args)? = v["args"], case .list(let allocations)? = args["allocations"] else { Issue.record("no args"); return }
        #expect(allocations == [["invoice_id": "INV-1001", "amount": .decimal("100")!]])
        guard case .map(let invoice)? = v["invoice"] else { Issue.record("no invoice"); return }
        #expect(invoice["total"] == .decimal("120.5"))
        #expect(invoice["days_overdue"] == 4)
        guard case .map(let actor)? = v["actor"], case .map(let c)? = v["customer"] else { Issue.record("no actor"); return }
        #expect(actor["role"] == .null && actor["kind"] == "agent")
        #expect(c["available_credit"] == .decimal("40000"))
        let d = GuardrailFacts.values(discount("7.5", actor: agent))
        guard case .map(let dargs)? = d["args"] else { return }
        #expect(dargs["discount_percent"] == .decimal("7.5"))
    }
}

// MARK: lint

@Suite("Guardrail lint")
struct GuardrailLintTests {
    static let broken = """
        scope: global
        rulez: []
        rules:
          - name: a
            actions: [apply_discont]
            outcome: require_aproval
            role: sales_manger
            approvers: 9
            message: m
          - name: a
            actions: [create_order]
            when: customer.overdue_dayz > 30
            outcome: deny
            role: admin
            message: m
          - name: c
            actions: [apply_discount]
            when: args.discount_percent > "5"
            outcome: deny
            message: m
          - name: d
            actions: [apply_discount]
            when: args.discount_percent >
            outcome: deny
            message: m
          - name: e
            actions: [apply_discount]
            when: args.discount_percent
            outcome: deny
            message: m
          - actions: [apply_discount]
            outcome: deny
          - name: g
            actions: [create_order]
            when: "args.discount_percent > 1"
            outcome: allow
            message: m
          - name: h
            actions: [apply_discount]
            when: |
              actor.kind == "agent" &&
                args.discount_percent > 5 && custmer.on_hold
            outcome: allow
            message: m
        """

    @Test func lintReportsEveryProblemWithLineColumnAndFix() throws {
        let dir = try tempDirectory()
        try write(Self.broken, to: dir, "broken.yaml")
        let found = GuardrailSet.lint(directory: dir).map(\.description)
        let file = GuardrailSet.display(dir) + "/broken.yaml"
        func has(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(found.contains(file + ":" + text), "missing \(text) in\n\(found.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
        has("2:1: unknown key 'rulez' — did you mean 'rules'?")
        has("5:15: unknown action 'apply_discont' — did you mean 'apply_discount'?")
        has("6:14: unknown outcome 'require_aproval' — did you mean 'require_approval'?")
        has("7:11: unknown role 'sales_manger' — did you mean 'sales_manager'?")
        has("8:16: 'approvers' must be a whole number from 1 to 5, got '9' — use 1 (the default) or 2 for four-eyes approval")
        has("10:11: duplicate rule name 'a' (first used at line 4) — give each rule in a file its own name")
        has("12:11: unknown field 'customer.overdue_dayz' — did you mean 'customer.overdue_days'?")
        has("14:5: a rule with outcome deny takes no 'role' — remove 'role', or use 'outcome: require_approval'")
        #expect(found.contains { $0.hasPrefix(file + ":18:33: cannot compare number with string") }, "\(found)")
        #expect(found.contains { $0.hasPrefix(file + ":23:") }, "parse error on line 23: \(found)")
        #expect(found.contains { $0.hasPrefix(file + ":28:11: condition must evaluate to bool") }, "\(found)")
        has("31:5: rule 6 has no 'name' — add 'name: a-short-name'")
        #expect(found.contains { $0.hasPrefix(file + ":31:5: rule 'rule 6' has no 'message'") }, "\(found)")
        // Quoted scalar: the column is after the quote; create_order has no discount_percent.
        has("35:12: unknown field 'args.discount_percent': create_order has no argument 'discount_percent' — 'discount_percent' is an argument of apply_discount; cover that action in 'actions' or fix the name")
        // Block scalar: the second line of the condition.
        #expect(found.contains { $0.hasPrefix(file + ":42:38: unknown field 'custmer.on_hold'") }, "\(found)")
        #expect(found.count == 15, "\(found.joined(separator: "\n"))")
    }

    @Test func lintReportsYAMLSyntaxErrorsWithTheirLine() throws {
        let dir = try tempDirectory()
        try write("scope: global\nrules:\n  - name: a\n    actions: [apply_discount\n    outcome: deny\n", to: dir, "syntax.yaml")
        try write("scope: global\nrules:\n  - name: a\n    actions: [*]\n    outcome: deny\n    message: m\n", to: dir, "star.yaml")
        let found = GuardrailSet.lint(directory: dir)
        #expect(found.count == 2, "\(found)")
        let star = found.first { $0.file.hasSuffix("star.yaml") }
        #expect(star?.line == 4)
        #expect(star?.suggestion?.contains("[\"*\"]") == true)
        let syntax = found.first { $0.file.hasSuffix("syntax.yaml") }
        #expect(syntax?.message.hasPrefix("YAML syntax error") == true)
        #expect((syntax?.line ?? 0) >= 4)
    }

    @Test func lintChecksTheRolesFile() throws {
        let dir = try tempDirectory()
        try write("scope: global\npermissions:\n  sales_rep: [create_order, aply_discount]\n  sales_mgr: [\"*\"]\n", to: dir, "roles.yaml")
        try write("scope: everywhere\nrules: []\n", to: dir, "scope.yaml")
        let found = GuardrailSet.lint(directory: dir).map(\.description)
        let shown = GuardrailSet.display(dir)
        #expect(found.contains(shown + "/roles.yaml:3:29: unknown action 'aply_discount' — did you mean 'apply_discount'?"), "\(found)")
        #expect(found.contains(shown + "/roles.yaml:4:3: unknown role 'sales_mgr' — did you mean 'sales_rep'?") || found.contains { $0.hasPrefix(shown + "/roles.yaml:4:3: unknown role 'sales_mgr'") }, "\(found)")
        #expect(found.contains { $0.hasPrefix(shown + "/scope.yaml:1:8: unknown scope 'everywhere'") }, "\(found)")
    }

    @Test func loadRefusesABrokenSetWithTheLocation() throws {
        let dir = try tempDirectory()
        try write("scope: global\nrules:\n  - name: a\n    actions: [write_of]\n    outcome: deny\n    message: m\n", to: dir, "bad.yaml")
        switch GuardrailSet.load(directory: dir) {
        case .success: Issue.record("a broken set was loaded")
        case .failure(let e):
            #expect(e.diagnostics.map(\.description) == [GuardrailSet.display(dir) + "/bad.yaml:4:15: unknown action 'write_of' — did you mean 'write_off'?"])
        }
        #expect(throws: GuardrailLoadError.self) { try GuardrailStore(directory: dir) }
        #expect(throws: GuardrailLoadError.self) { try GuardrailStore(directory: dir + "/missing") }
    }
}

// MARK: store and gate

@Suite("Guardrail store and gate")
struct GuardrailStoreTests {
    static let deny = "scope: global\nrules:\n  - name: no-discounts\n    actions: [apply_discount]\n    outcome: deny\n    message: no\n"
    static let allow = "scope: global\nrules:\n  - name: discounts-ok\n    actions: [apply_discount]\n    outcome: allow\n    message: yes, discounts are fine\n"

    @Test func aBrokenFileAtReloadKeepsThePreviousPolicyInForce() throws {
        let dir = try tempDirectory()
        try write(Self.deny, to: dir, "d.yaml")
        let store = try GuardrailStore(directory: dir)
        #expect(store.decide(discount("1", actor: agent)).outcome == "deny")
        guard case .unchanged = store.reloadIfChanged() else { Issue.record("reloaded without a change"); return }

        try write(Self.deny.replacingOccurrences(of: "deny\n", with: "denny\n"), to: dir, "d.yaml")
        guard case .rejected(let problems) = store.reloadIfChanged() else { Issue.record("broken file accepted"); return }
        #expect(problems.map(\.line) == [5])
        #expect(problems.first?.suggestion == "did you mean 'deny'?")
        #expect(store.diagnostics == problems)
        #expect(store.decide(discount("1", actor: agent)).outcome == "deny")

        try write(Self.allow, to: dir, "d.yaml")
        guard case .reloaded = store.reloadIfChanged() else { Issue.record("fixed file not reloaded"); return }
        #expect(store.diagnostics.isEmpty)
        #expect(store.decide(discount("1", actor: agent)).outcome == "allow")

        try FileManager.default.removeItem(atPath: dir + "/d.yaml")
        guard case .reloaded = store.reloadIfChanged() else { Issue.record("removal not seen"); return }
        #expect(store.decide(discount("1", actor: agent)).outcome == "require_approval")
    }

    @Test func storeAppliesAnAgentsNamedFiles() throws {
        let dir = try tempDirectory()
        try write(Self.allow, to: dir, "base.yaml")
        try write(Self.deny.replacingOccurrences(of: "global", with: "named"), to: dir, "strict.yaml")
        let store = try GuardrailStore(directory: dir)
        store.setAgentFiles(["strict"], for: "sales")
        #expect(store.decide(discount("1", actor: agent)).outcome == "deny")
        #expect(store.decide(discount("1", actor: .agent("quotes"))).outcome == "allow")
    }

    @Test func gateUsesTheShippedGuardrailsWithTheHandlersFacts() throws {
        let f = try Fixture()
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]])
        let policy = try shipped().policy()
        let ledger = try Ledger.open(path: f.path, clock: f.clock, policy: policy)
        let small = try ledger.submit(ActionRequest(action: .applyDiscount, args: ["order_id": .string(order), "discount_percent": 5, "reason": "r"], actor: agent))
        #expect(small.isExecuted)
        let large = try ledger.submit(ActionRequest(action: .applyDiscount, args: ["order_id": .string(order), "discount_percent": "12.5", "reason": "r"], actor: agent))
        guard case .pendingApproval(let id, let rules) = large else { Issue.record("not parked: \(large.messages)"); return }
        #expect(id.hasPrefix("AP-"))
        #expect(rules.map(\.name) == ["agent-discount-cap"])
        let huge = try ledger.submit(ActionRequest(action: .applyDiscount, args: ["order_id": .string(order), "discount_percent": 40, "reason": "r"], actor: agent))
        guard case .denied(let denied) = huge else { Issue.record("not denied"); return }
        #expect(Set(denied.map(\.name)) == ["discount-over-30-never", "agent-discount-over-15"])
    }

    @Test func dryRunGathersFactsWithoutWriting() throws {
        let f = try Fixture()
        let order = try f.must(.createOrder, ["customer_id": "C-004", "lines": [["sku": "WID-100", "quantity": 10]]])
        let before = try f.fingerprint()
        let request = ActionRequest(action: .applyDiscount, args: ["order_id": .string(order), "discount_percent": "8", "reason": "r"], actor: agent)
        guard case .facts(let facts) = try GuardrailCheck.facts(for: request, ledgerPath: f.path, clock: f.clock) else { Issue.record("no facts"); return }
        #expect(try f.fingerprint() == before)
        #expect(facts.customer?.id == "C-004")
        #expect(facts.order?["id"] == .string(order))
        let verdict = try shipped().evaluate(facts)
        #expect(verdict.decision.ruleNames == ["agent-discount-cap"])
        #expect(facts.guardrailJSON["args"]?["discount_percent"] == .number("8"))
        let bad = ActionRequest(action: .applyDiscount, args: ["order_id": "SO-9999", "discount_percent": "8", "reason": "r"], actor: agent)
        guard case .invalid(let messages) = try GuardrailCheck.facts(for: bad, ledgerPath: f.path, clock: f.clock) else { Issue.record("not invalid"); return }
        #expect(messages.joined().contains("SO-9999"))
    }
}

@Suite("Guardrail fast path")
struct GuardrailFastPathTests {
    /// The gate's decision (`policy.decide`, which skips listing every fired rule) is the verdict's.
    @Test func policyDecisionMatchesTheFullVerdict() throws {
        let s = try set([
            "mixed.yaml": GuardrailSemanticsTests.mixed,
            "held.yaml": "scope: global\nrules:\n  - name: held\n    actions: [\"*\"]\n    when: customer.on_hold || amount > 10\n    outcome: deny\n    message: held\n",
        ])
        let cases = [
            discount("5", actor: agent), discount("1.5", actor: agent), discount("1", actor: agent), discount("3.5", actor: .user("sam"), role: .salesRep),
            discount("2.5", actor: .workflow), discount("1", actor: .user("mallory")), dunning(level: 3, actor: collections),
            facts(.sendInvoice, ["invoice_id": "INV-1"], actor: .workflow), applyPayment(exact: false, actor: cashApp),
        ]
        let policy = s.policy()
        for f in cases {
            let verdict = s.evaluate(f).decision
            let decision = policy.decide(f)
            #expect(decision.outcome == verdict.outcome)
            #expect(decision.ruleNames == verdict.ruleNames)
            #expect(decision.approverRole == verdict.approverRole && decision.approverCount == verdict.approverCount)
        }
        // The held rule cannot be evaluated without a customer or an amount: an admin decides, in both paths.
        let noFacts = facts(.sendInvoice, ["invoice_id": "INV-1"], actor: .workflow)
        #expect(policy.decide(noFacts).approverRole == .admin)
        #expect(s.evaluate(noFacts).fired.map(\.rule.name) == ["held", "never"])
        #expect(s.evaluate(noFacts).fired.allSatisfy { $0.evaluationError != nil && $0.role == .admin })
    }

    @Test func rulesFireInFileOrderWithPrebuiltMessages() throws {
        let s = try set(["mixed.yaml": GuardrailSemanticsTests.mixed])
        let v = s.evaluate(discount("5", actor: agent))
        #expect(v.fired.map(\.rule.message) == ["fine", "manager", "finance", "credit", "never"])
        #expect(v.fired.allSatisfy { $0.rule.file == "mixed.yaml" && $0.evaluationError == nil })
        #expect(v.fired.map(\.approvers) == [1, 1, 2, 2, 1])
    }
}
