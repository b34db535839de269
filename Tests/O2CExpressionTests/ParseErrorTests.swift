import Testing
import O2CExpression

@Suite struct ParseErrorTests {
    @Test(arguments: [
        ("\"abc", ExpressionError.Code.unterminatedString, 1, "unterminated string literal"),
        ("a +", .unexpectedEnd, 4, "unexpected end of expression"),
        (")(", .unexpectedToken, 1, "unexpected ')'"),
        ("a..b", .unexpectedToken, 3, "unexpected '.'"),
        ("1 2", .unexpectedToken, 3, "unexpected number 2"),
        ("(1 + 2", .unexpectedEnd, 7, "unexpected end of expression"),
        ("x = 1", .unexpectedCharacter, 3, "unexpected '='"),
        ("a & b", .unexpectedCharacter, 3, "unexpected '&'"),
        ("a # b", .unexpectedCharacter, 3, "unexpected character '#'"),
        ("[1, 2", .unexpectedEnd, 6, "unexpected end of expression"),
        ("1e5", .invalidNumber, 1, "invalid number literal"),
        ("", .unexpectedEnd, 1, "unexpected end of expression"),
        ("(1 + 2))", .unexpectedToken, 8, "unexpected ')'"),
        ("f(1,,2)", .unexpectedToken, 5, "unexpected ','"),
        ("actor.kind == 'agent' && )", .unexpectedToken, 26, "unexpected ')'"),
    ])
    func malformed(source: String, code: ExpressionError.Code, column: Int, message: String) {
        let e = parseFailure(source)
        #expect(e?.code == code, "\(source)")
        #expect(e?.column == column, "\(source): \(String(describing: e))")
        #expect(e?.message == message, "\(source)")
        #expect(e?.line == 1)
        #expect(e?.suggestion != nil || code == .unterminatedString || code == .unexpectedCharacter)
    }

    @Test func descriptionIncludesPosition() {
        let e = parseFailure("actor.kind == 'agent' ) ")
        #expect(e?.description.hasPrefix("unexpected ')' at 1:23") == true)
    }

    @Test func multilinePositions() {
        let e = parseFailure("a == 1 &&\n   b ==")
        #expect(e?.line == 2)
        #expect(e?.column == 8)
        let s = parseFailure("'é' == \"x")
        #expect(s?.column == 8)  // columns count characters, not bytes
    }
}

@Suite struct LimitTests {
    @Test func veryLongInputRejected() {
        let source = String(repeating: "a", count: 1_000_000)
        let e = parseFailure(source)
        #expect(e?.code == .sourceTooLong)
        let e2 = parseFailure(String(repeating: "1 + ", count: 250_000) + "1")
        #expect(e2?.code == .sourceTooLong)
    }

    @Test func tenThousandNestedParensRejected() {
        let source = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(parseFailure(source)?.code == .sourceTooLong)
        let unbalanced = String(repeating: "(", count: 10_000)
        #expect(parseFailure(unbalanced)?.code == .sourceTooLong)
    }

    @Test func deepNestingRejectedWithinLengthLimit() {
        let deep = String(repeating: "(", count: 1_500) + "1" + String(repeating: ")", count: 1_500)
        let e = parseFailure(deep)
        #expect(e?.code == .nestingTooDeep)
        #expect(e?.column == 33)
        #expect(parseFailure(String(repeating: "!", count: 3_000) + "true")?.code == .nestingTooDeep)
        #expect(parseFailure(String(repeating: "[", count: 3_000))?.code == .nestingTooDeep)
        #expect(parseFailure("x" + String(repeating: "[0]", count: 1_000))?.code == .nestingTooDeep)
        #expect(parseFailure(String(repeating: "size(", count: 600))?.code == .nestingTooDeep)
        #expect(parseFailure(String(repeating: "1 + ", count: 900) + "1")?.code == .nestingTooDeep)
        // within limits is fine
        let ok = String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30)
        #expect(parseFailure(ok) == nil)
    }

    @Test func longLogicalChainsAreFlattened() throws {
        let source = Array(repeating: "true", count: 500).joined(separator: " && ")
        #expect(try cond(source))
        let deepSelect = "a" + String(repeating: ".b", count: 1_000)
        #expect(parseFailure(deepSelect)?.code == .nestingTooDeep)
    }

    @Test func listTooLarge() {
        let source = "[" + Array(repeating: "0", count: 1_500).joined(separator: ",") + "]"
        #expect(parseFailure(source)?.code == .listTooLarge)
        let facts: ExprValue = ["l": .list(Array(repeating: 0, count: 800))]
        #expect(failure("size(l + l) > 0", facts)?.code == .listTooLarge)
    }

    @Test func stringTooLong() {
        let s = String(repeating: "x", count: 40_000)
        let facts: ExprValue = ["s": .string(s)]
        #expect(failure("size(s + s) > 0", facts)?.code == .stringTooLong)
    }

    @Test func deepFactsWithinLimits() throws {
        var value: ExprValue = 1
        for _ in 0..<40 { value = ["n": value] }
        let path = "root" + String(repeating: ".n", count: 40)
        #expect(try eval(path, ["root": value]) == 1)
    }
}
