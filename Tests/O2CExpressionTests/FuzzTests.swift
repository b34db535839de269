import Testing
import O2CCore
import O2CExpression

@Suite struct FuzzTests {
    /// Parses and, if it compiles, evaluates and checks; any outcome but a crash is fine.
    func exercise(_ source: String) -> Bool {
        do {
            let e = try Expression(source)
            _ = try? e.evaluate(sampleFacts)
            _ = e.check(schema: schema)
            _ = e.fieldPaths
            return true
        } catch {
            #expect(error.line >= 1 && error.column >= 1)
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(state: 42)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<80, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func randomTokenSoupsNeverCrash() {
        let tokens = [
            "(", ")", "[", "]", ",", ".", "!", "-", "+", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||",
            "in", "true", "false", "null", "0", "1", "0.5", "9223372036854", "'s'", "\"x\"", "args", "amount",
            "customer", "on_hold", "lines", "has(", "size(", "actor.kind", "args.lines", "args.amount", "\"",
            "'\\", "\n", " ",
        ]
        var rng = SplitMix64(state: 7)
        var parsed = 0
        for _ in 0..<2_000 {
            let count = Int.random(in: 1..<25, using: &rng)
            let source = (0..<count).map { _ in tokens.randomElement(using: &rng)! }.joined(separator: " ")
            if exercise(source) { parsed += 1 }
        }
        #expect(parsed > 0)
    }

    @Test func randomWellFormedExpressionsEvaluateWithoutCrash() throws {
        var rng = SplitMix64(state: 99)
        let leaves = ["args.amount", "amount", "1", "0", "-3.25", "9223372036854", "customer.max_days_overdue", "args.discount_percent"]
        let ops = ["+", "-", "*", "/", "%"]
        func gen(_ depth: Int) -> String {
            if depth == 0 || Int.random(in: 0..<3, using: &rng) == 0 { return leaves.randomElement(using: &rng)! }
            return "(" + gen(depth - 1) + " " + ops.randomElement(using: &rng)! + " " + gen(depth - 1) + ")"
        }
        for _ in 0..<2_000 {
            let source = gen(5) + " > 0"
            do {
                _ = try Expression(source).evaluateCondition(sampleFacts)
            } catch {
                #expect([.overflow, .divisionByZero].contains(error.code), "\(source): \(error)")
            }
        }
    }
}
