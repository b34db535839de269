import Testing
import O2CExpression

let schema = ExprSchema([
    "args": .map,
    "args.discount_percent": .number,
    "args.amount": .number,
    "args.reason": .string,
    "args.lines": .list,
    "customer.on_hold": .bool,
    "customer.overdue_days": .number,
    "customer.available_credit": .number,
    "actor.kind": .string,
    "action": .string,
    "amount": .number,
    "meta.*": .any,
])

func problems(_ source: String, expectBool: Bool = true) throws -> [ExpressionError] {
    try Expression(source).check(schema: schema, expectBool: expectBool)
}

@Suite struct CheckerTests {
    @Test func cleanRulesHaveNoProblems() throws {
        #expect(try problems(#"actor.kind == "agent" && args.discount_percent > 5 && args.discount_percent <= 15"#).isEmpty)
        #expect(try problems(#"action in ["write_off"] && has(args.amount) && args.amount > 1000"#).isEmpty)
        #expect(try problems("!customer.on_hold && size(args.lines) > 10").isEmpty)
        #expect(try problems("meta.anything.deep == 3 && meta.x").isEmpty)
        #expect(try problems("'amount' in args && args.lines[0] > 1").isEmpty)
    }

    @Test func unknownFieldWithSuggestion() throws {
        let found = try problems("customer.overdue_dayz > 30")
        #expect(found.count == 1)
        #expect(found.first?.code == .unknownField)
        #expect(found.first?.message == "unknown field 'customer.overdue_dayz'")
        #expect(found.first?.suggestion == "did you mean 'customer.overdue_days'?")
        #expect(found.first?.column == 1)
        let far = try problems("zzz.qqq > 1")
        #expect(far.first?.suggestion?.contains("did you mean") == false)
    }

    @Test func staticTypeErrors() throws {
        let a = try problems("customer.on_hold > 5")
        #expect(a.map(\.code) == [.typeMismatch])
        #expect(a.first?.message == "cannot compare bool with number")
        #expect(a.first?.column == 18)
        let b = try problems("args.reason + 1 == 2")
        #expect(b.first?.message == "cannot add string and number")
        #expect(try problems("!args.amount").first?.code == .typeMismatch)
        #expect(try problems("actor.kind == 1").first?.code == .typeMismatch)
        #expect(try problems("args.amount / 0 > 1").first?.code == .divisionByZero)
        #expect(try problems("args.reason.x == 1").first?.message == "cannot access field 'x' on string 'args.reason'")
    }

    @Test func reportsAllProblems() throws {
        let found = try problems("customer.on_hold > 5 && customer.overdue_dayz > 1 || args.reason + 1 == 2 && actr.kind == 'a'")
        #expect(found.count == 4)
        #expect(found.map(\.column) == [18, 25, 66, 78])
        #expect(found.last?.suggestion == "did you mean 'actor'?" || found.last?.suggestion == "did you mean 'actor.kind'?")
    }

    @Test func nonBoolCondition() throws {
        let found = try problems("args.amount + 1")
        #expect(found.map(\.code) == [.notBool])
        #expect(try problems("args.amount + 1", expectBool: false).isEmpty)
        #expect(try problems("meta.x").isEmpty)  // .any may be bool
    }

    @Test func wildcardAndSchemaLookup() throws {
        #expect(schema.type(of: "meta.a.b") == .any)
        #expect(schema.type(of: "customer") == .map)
        #expect(schema.type(of: "args.amount") == .number)
        #expect(schema.type(of: "args.nope") == nil)
        let open = ExprSchema(["*": .any])
        #expect((try? Expression("anything.at.all > 1").check(schema: open).isEmpty) == true)
    }

    @Test func hasOnUnknownFieldIsReported() throws {
        let found = try problems("has(args.amout)")
        #expect(found.first?.code == .unknownField)
        #expect(found.first?.suggestion == "did you mean 'args.amount'?")
    }
}
