import Foundation
import O2CBench
import O2CLedger
import Testing

@Suite struct GuardrailBenchTests {
    @Test func benchmarkReportsATime() {
        let micros = GuardrailSet.benchmark(rules: 10, evaluations: 10)
        #expect(micros > 0)
    }
}

/// Prints the guardrail benchmark (no timing assertion). Runs only with O2C_GUARDRAIL_BENCH set, e.g.
/// `O2C_GUARDRAIL_BENCH=1 swift test -c release --filter GuardrailBenchPrint`.
@Suite("GuardrailBenchPrint", .enabled(if: ProcessInfo.processInfo.environment["O2C_GUARDRAIL_BENCH"] != nil))
struct GuardrailBenchPrint {
    @Test func printsMicrosecondsPerAction() {
        let evaluations = Int(ProcessInfo.processInfo.environment["O2C_GUARDRAIL_BENCH"] ?? "") ?? 100_000
        _ = GuardrailSet.benchmark(rules: 100, evaluations: 1_000)
        let micros = GuardrailSet.benchmark(rules: 100, evaluations: evaluations)
        print("guardrail benchmark: 100 rules, \(evaluations) evaluations: \(micros) µs per action")
        #expect(micros > 0)
    }
}
