import O2CCore
import O2CLedger

extension GuardrailSet {
    /// Microseconds per action decided by a set of `rules` rules (all covering the action, so
    /// every condition is evaluated), over `evaluations` actions. For `o2c bench guardrails`.
    public static func benchmark(rules: Int, evaluations: Int) -> Double {
        let count = max(rules, 1)
        var text = "scope: global\nrules:\n"
        let conditions = [
            "actor.kind == \"agent\" && args.discount_percent > %d",
            "amount > customer.available_credit + %d",
            "customer.max_days_overdue > %d || customer.on_hold",
            "args.discount_percent >= %d && actor.role in [\"sales_rep\", \"sales_manager\"]",
        ]
        for k in 0..<count {
            let outcome = k % 3 == 0 ? "allow" : "require_approval\n    role: sales_manager"
            let condition = conditions[k % conditions.count].replacingOccurrences(of: "%d", with: String(50 + k))
            text += "  - name: rule-\(k)\n    actions: [apply_discount, create_order]\n    when: '\(condition)'\n    outcome: \(outcome)\n    message: benchmark rule \(k)\n"
        }
        guard case .success(let set) = GuardrailSet.load(files: ["bench.yaml": text]) else { return .nan }
        let usd = Currency(code: "USD", exponent: 2)
        var facts = ActionFacts(action: .applyDiscount, args: ["order_id": "SO-1001", "discount_percent": "7.5", "reason": "loyal customer"],
                                actor: .agent("sales"), approved: false)
        facts.customer = CustomerFacts(id: "C-001", currency: "USD", region: "US-CA", owner: "sam", onHold: false,
                                       creditLimit: Money(minor: 5_000_000, currency: usd), exposure: Money(minor: 1_200_000, currency: usd),
                                       overdueAmount: Money(minor: 0, currency: usd), maxDaysOverdue: 0)
        facts.amount = Money(minor: 120_000, currency: usd)
        facts.amountBase = facts.amount
        facts.order = JSONObject([("id", "SO-1001"), ("status", "approved"), ("total", "1200.00"), ("discount_percent", .number("0"))])
        let policy = set.policy()
        let n = max(evaluations, 1)
        var allowed = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<n {
                if case .allow = policy.decide(facts) { allowed += 1 }
            }
        }
        return allowed >= 0 ? elapsed.inSeconds * 1e6 / Double(n) : .nan
    }
}
