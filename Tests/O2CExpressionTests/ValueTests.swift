import Testing
import O2CExpression

@Suite struct ValueTests {
    @Test func descriptions() throws {
        #expect(try eval("[1.50, 'a\"b', null, true]").description == #"[1.5, "a\"b", null, true]"#)
        #expect(ExprValue.map(["b": 1, "a": [2]]).description == #"{"a": [2], "b": 1}"#)
        #expect(ExprDecimal(scaledValue: -5).description == "-0.000005")
        #expect(ExprDecimal(scaledValue: Int64.min).description == "-9223372036854.775808")
    }

    @Test func decimalOrderingAndHashing() {
        let a = ExprDecimal(string: "1.10")
        let b = ExprDecimal(minorUnits: 11, scale: 1)
        #expect(a == b)
        #expect(a?.hashValue == b?.hashValue)
        #expect(ExprDecimal(string: "-2")! < ExprDecimal(string: "0.5")!)
        #expect(ExprDecimal(integer: 9_223_372_036_855) == nil)
        #expect(ExprDecimal(string: "2")?.integerValue == 2)
        #expect(ExprDecimal(string: "2.5")?.integerValue == nil)
    }

    @Test func concurrentEvaluationOfSharedExpression() async throws {
        let expression = try CELExpression(#"actor.kind == "agent" && args.amount > 1000"#)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var ok = true
                    for _ in 0..<500 { ok = ok && ((try? expression.evaluateCondition(sampleFacts)) == true) }
                    return ok
                }
            }
            var all = true
            for await r in group { all = all && r }
            return all
        }
        #expect(results)
    }

    @Test func dictionaryFactsOverload() throws {
        let e = try Expression("a.b + 1 == 3")
        #expect(try e.evaluateCondition(["a": ["b": 2]]))
        #expect(try e.evaluate(["a": ["b": 2]]) == true)
    }
}
