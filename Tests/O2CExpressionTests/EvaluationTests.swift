import Testing
import O2CExpression

@Suite struct PrecedenceTests {
    @Test func arithmeticPrecedence() throws {
        #expect(try cond("1 + 2 * 3 == 7"))
        #expect(try cond("(1 + 2) * 3 == 9"))
        #expect(try eval("10 - 4 - 3") == 3)
        #expect(try eval("2 * 3 % 4") == 2)
        #expect(try eval("-2 * 3") == -6)
        #expect(try eval("- -5") == 5)
    }

    @Test func logicalPrecedence() throws {
        let facts: ExprValue = ["a": false, "b": true, "c": false]
        // !a && b  ==  (!a) && b
        #expect(try cond("!a && b", facts))
        // a || b && c  ==  a || (b && c)  -> false ; (a || b) && c would also be false, so use c=true variant
        #expect(try cond("a || b && c", facts) == false)
        #expect(try cond("b || b && c", facts) == true)  // (b||b)&&c would be false
        #expect(try cond("1 < 2 == true"))
        #expect(try cond("1 + 1 in [2, 3]"))
        #expect(try cond("!(1 > 2) && 3 >= 3 && 2 <= 2 && 1 != 2"))
    }

    @Test func guardrailExamples() throws {
        #expect(try cond(#"actor.kind == "agent" && args.discount_percent > 5 && args.discount_percent <= 15"#))
        #expect(try cond("amount > customer.available_credit || customer.max_days_overdue > 30"))
        #expect(try cond(#"action in ["write_off", "unapply_payment"] && has(args.amount) && args.amount > 1000"#))
        #expect(try cond("!customer.on_hold && size(args.lines) > 10") == false)
        #expect(try cond("size(args.lines) == 3 && size('héllo') == 5 && size(args.meta) == 1"))
    }
}

@Suite struct TypeTests {
    @Test func comparingStringWithNumberIsTypeError() {
        let e = failure(#"actor.kind > 5"#)
        #expect(e?.code == .typeMismatch)
        #expect(e?.message == "cannot compare string with number")
        #expect(e?.column == 12)
    }

    @Test func addingStringAndNumberIsTypeError() {
        let e = failure("args.reason + 1")
        #expect(e?.code == .typeMismatch)
        #expect(e?.message == "cannot add string and number")
    }

    @Test func notOnNonBool() {
        let e = failure("!args.amount")
        #expect(e?.code == .typeMismatch)
        #expect(e?.message.contains("'!' requires a bool") == true)
    }

    @Test func equalityAcrossTypesIsError() throws {
        #expect(failure(#"actor.kind == 1"#)?.code == .typeMismatch)
        #expect(failure(#"1 != "1""#)?.code == .typeMismatch)
        #expect(try cond("args.note == null"))
        #expect(try cond("actor.kind != null"))
        #expect(try cond("[1, 'a'] == [1, 'a']"))
        #expect(try cond("[1] != [2]"))
    }

    @Test func stringOperations() throws {
        #expect(try eval("'ab' + \"cd\"") == "abcd")
        #expect(try cond("'abc' < 'abd'"))
        #expect(try eval("[1] + [2]") == [1, 2])
    }

    @Test func conditionMustBeBool() throws {
        #expect(throws: ExpressionError.self) { try cond("1 + 1") }
        do {
            _ = try cond("args.amount")
            Issue.record("expected error")
        } catch {
            #expect(error.code == .notBool)
        }
    }

    @Test func logicalOperandsMustBeBool() {
        #expect(failure("1 && true")?.code == .typeMismatch)
        #expect(failure("true && 'x'")?.code == .typeMismatch)
    }

    @Test func factsMustBeMap() {
        #expect(failure("true", .list([]))?.code == .typeMismatch)
    }
}

@Suite struct DecimalArithmeticTests {
    @Test func exactDecimals() throws {
        #expect(try cond("0.1 + 0.2 == 0.3"))
        #expect(try eval("1234.50 + 0.05") == num("1234.55"))
        #expect(try eval("19.99 * 3") == num("59.97"))
        #expect(try eval("10 / 4") == num("2.5"))
        #expect(try eval("1 / 3") == num("0.333333"))
        #expect(try eval("-7 % 3") == -1)
        #expect(try eval("7.5 % 2") == num("1.5"))
        #expect(try cond("amount == 1234.5"))
    }

    @Test func minorUnitsMatchStrings() {
        #expect(ExprDecimal(minorUnits: 123450, scale: 2) == ExprDecimal(string: "1234.50"))
        #expect(ExprDecimal(minorUnits: 1000, scale: 0) == ExprDecimal(string: "1000"))
        #expect(ExprDecimal(minorUnits: 5, scale: 3) == ExprDecimal(string: "0.005"))
        #expect(ExprDecimal(minorUnits: 1, scale: 7) == nil)  // precision loss
        #expect(ExprDecimal(minorUnits: Int64.max, scale: 0) == nil)
        #expect(ExprDecimal(string: "1234.50")?.minorUnits(scale: 2) == 123450)
        #expect(ExprDecimal(string: "-0.05")?.description == "-0.05")
        #expect(ExprDecimal(string: "1234.50")?.description == "1234.5")
        #expect(ExprDecimal(string: "1.2345678") == nil)
        #expect(ExprDecimal(string: "abc") == nil)
        #expect(ExprDecimal(string: "1.") == nil)
        #expect(ExprDecimal(string: "") == nil)
    }

    @Test func moneyFactsCompareExactly() throws {
        let facts: ExprValue = ["invoice": ["total": .money(minorUnits: 123450, scale: 2)!]]
        #expect(try cond("invoice.total == 1234.50", facts))
        #expect(try cond("invoice.total + 0.01 > 1234.50", facts))
    }

    @Test func divisionByZero() {
        for source in ["1 / 0", "5 % 0", "args.amount / (args.discount_percent - 10)"] {
            let e = failure(source)
            #expect(e?.code == .divisionByZero, "\(source)")
        }
        #expect(failure("1 / 0")?.column == 3)
    }

    @Test func overflow() throws {
        let big = "9223372036854"
        #expect(failure("\(big) + 1")?.code == .overflow)
        #expect(failure("-\(big) - 2")?.code == .overflow)
        #expect(failure("\(big) * 2")?.code == .overflow)
        #expect(failure("\(big) / 0.1")?.code == .overflow)
        #expect(failure("99999999999999")?.code == .invalidNumber)
        #expect(failure("1.1234567")?.code == .invalidNumber)
        let facts: ExprValue = ["x": .number(ExprDecimal(scaledValue: Int64.min))]
        #expect(failure("-x", facts)?.code == .overflow)
        #expect(failure("x * -1", facts)?.code == .overflow)
        #expect(failure("x / -1", facts)?.code == .overflow)
        #expect(try eval("x % -1", facts) == num("-0.775808"))
    }
}

@Suite struct FieldAndFunctionTests {
    @Test func unknownFieldAtRuntime() {
        let e = failure("customer.overdue_days > 30")
        #expect(e?.code == .unknownField)
        #expect(e?.message == "no field 'overdue_days' on customer")
        #expect(e?.column == 10)
        let f = failure("args.meta.sorce == 'x'")
        #expect(f?.message == "no field 'sorce' on args.meta")
        #expect(f?.suggestion == "did you mean 'source'?")
        #expect(failure("nobody.x")?.code == .unknownIdentifier)
        #expect(failure("actor.kind.x")?.code == .typeMismatch)
    }

    @Test func hasSemantics() throws {
        #expect(try cond("has(args.amount)"))
        #expect(try cond("has(args.missing)") == false)
        #expect(try cond("has(args.note)") == false)  // present but null counts as absent
        #expect(try cond("has(args.meta.source)"))
        #expect(try cond("has(args.reason.length)") == false)  // path through a non-map
        #expect(try cond("has(nobody.x)") == false)
        #expect(try cond("has(customer)"))
        #expect(try cond("!has(args.missing) || args.missing > 3"))
        #expect(parseFailure("has(1)")?.code == .invalidArgument)
        #expect(parseFailure("has(a.b, c)")?.code == .invalidArgument)
    }

    @Test func inOperator() throws {
        #expect(try cond("'vip' in customer.tags"))
        #expect(try cond("'gold' in customer.tags") == false)
        #expect(try cond("'amount' in args"))
        #expect(try cond("'nope' in args") == false)
        #expect(try cond("2 in args.lines"))
        #expect(try cond("'2' in args.lines") == false)
        #expect(failure("1 in args")?.code == .typeMismatch)
        #expect(failure("1 in 'abc'")?.code == .typeMismatch)
    }

    @Test func indexing() throws {
        #expect(try eval("args.lines[0]") == 1)
        #expect(try eval("args['meta']['source']") == "email")
        #expect(try eval("[10, 20][1]") == 20)
        #expect(failure("args.lines[3]")?.code == .indexOutOfRange)
        #expect(failure("args.lines[-1]")?.code == .indexOutOfRange)
        #expect(failure("args.lines[0.5]")?.code == .indexOutOfRange)
        #expect(failure("args['zzz']")?.code == .unknownField)
        #expect(failure("args.lines['a']")?.code == .typeMismatch)
        #expect(failure("actor.kind[0]")?.code == .typeMismatch)
    }

    @Test func unknownFunctions() {
        let e = parseFailure("sise(args.lines) > 1")
        #expect(e?.code == .unknownFunction)
        #expect(e?.suggestion == "did you mean 'size'?")
        #expect(parseFailure("args.lines.size()")?.code == .unknownFunction)
        #expect(parseFailure("size()")?.code == .invalidArgument)
        #expect(failure("size(1)")?.code == .typeMismatch)
    }

    @Test func shortCircuitAndErrorCommutativity() throws {
        // left-to-right short circuit
        #expect(try cond("false && nobody.x") == false)
        #expect(try cond("true || nobody.x") == true)
        // CEL commutativity: a deciding operand wins over an error on the other side
        #expect(try cond("nobody.x && false") == false)
        #expect(try cond("nobody.x || true") == true)
        #expect(try cond("1 / 0 > 1 || true") == true)
        // otherwise the error surfaces
        #expect(failure("nobody.x && true")?.code == .unknownIdentifier)
        #expect(failure("nobody.x || false")?.code == .unknownIdentifier)
    }

    @Test func stringEscapes() throws {
        #expect(try eval(#""a\"b""#) == "a\"b")
        #expect(try eval(#"'it\'s'"#) == "it's")
        #expect(try eval(#""tab\tnl\nbs\\""#) == "tab\tnl\nbs\\")
        #expect(try eval(#""\u00e9\x41\U0001F600""#) == "éA😀")
        #expect(try eval(#"'say "hi"'"#) == "say \"hi\"")
        let bad = parseFailure(#""abc\q""#)
        #expect(bad?.code == .invalidEscape)
        #expect(bad?.column == 5)
        #expect(parseFailure(#""\uD800""#)?.code == .invalidEscape)
        #expect(parseFailure(#""\u12""#)?.code == .invalidEscape)
    }

    @Test func fieldPathsAreListed() throws {
        let e = try Expression("has(args.amount) && args.amount > customer.limit\n  || actor.kind == 'x'")
        #expect(e.fieldPaths.map(\.path) == ["args.amount", "args.amount", "customer.limit", "actor.kind"])
        #expect(e.fieldPaths[0].isPresenceTest)
        #expect(e.fieldPaths[0].column == 5)
        #expect(e.fieldPaths[3].line == 2)
        #expect(e.fieldPaths[3].column == 6)
    }

    @Test func commentsAndWhitespace() throws {
        #expect(try cond("1 == 1 // trailing comment\n && true"))
        #expect(try cond("[1, 2, ] == [1, 2]"))
    }
}
