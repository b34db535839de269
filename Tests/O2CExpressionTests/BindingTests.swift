import Testing
import O2CCore
import O2CExpression

/// Bound expressions (field paths resolved to slots of an `ExprFrame`) must agree with evaluating
/// against the facts map: the same value whenever the map evaluation succeeds, nil otherwise.
@Suite struct BindingTests {
    /// `expression.evaluateCondition(facts)`, nil when it throws.
    func mapCondition(_ expression: Expression, _ facts: [String: ExprValue]) -> Bool? {
        try? expression.evaluateCondition(facts)
    }

    func factsMap(_ value: ExprValue) -> [String: ExprValue] {
        if case .map(let m) = value { return m }
        return [:]
    }

    /// Facts variants: complete, with absent objects and fields, with nulls and wrong types.
    var variants: [[String: ExprValue]] {
        let base = factsMap(sampleFacts)
        var noCustomer = base
        noCustomer["customer"] = nil
        var nullAmount = base
        nullAmount["amount"] = .null
        var stringy = base
        stringy["customer"] = ["available_credit": "lots", "max_days_overdue": .null, "on_hold": "no", "tags": "vip"]
        var flatArgs = base
        flatArgs["args"] = "not a map"
        return [base, noCustomer, nullAmount, stringy, flatArgs, [:]]
    }

    @Test func symbolTableGivesEachPathOneSlot() throws {
        var table = ExprSymbolTable()
        #expect(table.add("customer.on_hold") == 0)
        let a = table.bind(try Expression("customer.on_hold || amount > 5 && has(args.note)"))
        let b = table.bind(try Expression("amount < 1 || customer.on_hold"))
        #expect(table.paths == ["customer.on_hold", "amount", "args.note"])
        #expect(table.slot(of: "amount") == 1)
        #expect(table.slot(of: "args") == nil)
        #expect(table.segments(of: 2) == ["args", "note"])
        #expect(table.segments(of: 9).isEmpty)
        var frame = table.frame(factsMap(sampleFacts))
        #expect(frame[0] == .bool(false) && frame[1] == .decimal("1234.50") && frame[2] == .null)
        #expect(a.condition(frame) == false)  // has(args.note) is false: note is null
        #expect(b.condition(frame) == false)
        frame[0] = .bool(true)
        #expect(a.condition(frame) == true && b.condition(frame) == true)
        frame[1] = nil
        #expect(b.condition(frame) == true)  // amount absent, but the deciding operand wins
        #expect(a.condition(frame) == true)
        frame[0] = .bool(false)
        #expect(b.condition(frame) == nil)
        #expect(throws: ExpressionError.self) { try b.evaluate(frame) }
        frame[7] = .bool(true)  // out of range: ignored
        #expect(frame[7] == nil)
        // A frame of another table (too short) makes conditions unevaluable, not crash.
        #expect(a.condition(ExprFrame(count: 1)) == nil)
    }

    @Test func boundConditionsAgreeWithMapEvaluation() throws {
        let sources = [
            "customer.on_hold",
            "!customer.on_hold",
            "amount > customer.available_credit + 50",
            "amount >= 1234.5 && actor.kind == \"agent\"",
            "actor.kind != \"user\" || amount < 0",
            "args.discount_percent > 5 && actor.role in [\"sales_rep\", \"sales_manager\"]",
            "actor.kind in [\"agent\", \"user\"]",
            "\"vip\" in customer.tags",
            "customer.max_days_overdue > 30 || customer.on_hold",
            "has(customer.on_hold) && customer.on_hold",
            "has(args.note) || has(args.meta.source)",
            "has(customer) && customer.max_days_overdue >= 12",
            "size(args.lines) == 3 && args.lines[0] == 1",
            "args.meta.source == \"email\"",
            "args.meta[\"source\"] == \"email\"",
            "-amount < 0",
            "amount / 0 > 1 || true",
            "amount / 0 > 1 && false",
            "args.amount - amount == 1265.5",
            "args.reason + \"!\" == \"late fee!\"",
            "args.note == null",
            "args.nope > 1",
            "amount",
            "[amount, 1][0] > 1000",
            "customer.tags == [\"vip\", \"eu\"]",
            "args.meta == args.meta",
        ]
        var table = ExprSymbolTable()
        let expressions = try sources.map { try Expression($0) }
        let bound = expressions.map { table.bind($0) }
        for facts in variants {
            let frame = table.frame(facts)
            for (k, expression) in expressions.enumerated() {
                #expect(bound[k].condition(frame) == mapCondition(expression, facts), "\(expression.source) with \(facts.keys.sorted())")
                if let value = try? expression.evaluate(facts) {
                    #expect((try? bound[k].evaluate(frame)) == value, "\(expression.source)")
                }
            }
        }
    }

    @Test func randomConditionsAgreeWithMapEvaluation() throws {
        var rng = SplitMix64(state: 2026)
        let numbers = ["amount", "customer.available_credit", "customer.max_days_overdue", "args.discount_percent", "args.amount",
                       "args.reason", "customer.on_hold", "args.note", "nope.x", "1", "0", "-2.5", "1234.5"]
        let strings = ["actor.kind", "actor.id", "action", "args.reason", "args.note", "amount", "\"agent\"", "\"late fee\""]
        let bools = ["customer.on_hold", "true", "false", "args.note", "has(args.note)", "has(customer.on_hold)", "has(nope)"]
        let comparisons = ["==", "!=", "<", "<=", ">", ">="]
        func atom() -> String {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:
                let l = numbers.randomElement(using: &rng) ?? "1"
                let r = numbers.randomElement(using: &rng) ?? "1"
                return "\(l) \(comparisons.randomElement(using: &rng) ?? "==") \(r)"
            case 1:
                let l = strings.randomElement(using: &rng) ?? "action"
                let r = strings.randomElement(using: &rng) ?? "action"
                return "\(l) \(Bool.random(using: &rng) ? "==" : "!=") \(r)"
            case 2:
                return "\(strings.randomElement(using: &rng) ?? "action") in [\"agent\", \"write_off\", null]"
            case 3:
                return "\(numbers.randomElement(using: &rng) ?? "1") + \(numbers.randomElement(using: &rng) ?? "1") > 100"
            default:
                return bools.randomElement(using: &rng) ?? "true"
            }
        }
        func gen(_ depth: Int) -> String {
            if depth == 0 || Int.random(in: 0..<3, using: &rng) == 0 { return atom() }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return "(\(gen(depth - 1)) && \(gen(depth - 1)))"
            case 1: return "(\(gen(depth - 1)) || \(gen(depth - 1)))"
            default: return "!(\(gen(depth - 1)))"
            }
        }
        var table = ExprSymbolTable()
        var pairs: [(Expression, BoundExpression)] = []
        for _ in 0..<500 {
            let expression = try Expression(gen(4))
            pairs.append((expression, table.bind(expression)))
        }
        var decided = 0
        for facts in variants {
            let frame = table.frame(facts)
            for (expression, bound) in pairs {
                let expected = mapCondition(expression, facts)
                if expected != nil { decided += 1 }
                #expect(bound.condition(frame) == expected, "\(expression.source)")
            }
        }
        #expect(decided > 500)
    }
}
