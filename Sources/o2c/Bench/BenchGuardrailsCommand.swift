import ArgumentParser
import O2CBench
import O2CCore
import O2CLedger

/// `o2c bench guardrails`: the cost of deciding one action.
struct BenchGuardrailsCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "guardrails", abstract: "Microseconds to decide one action against N guardrail rules.")
    @OptionGroup var output: OutputOptions
    @Option(help: "Rules covering the action (every condition is evaluated).") var rules = 100
    @Option(help: "Actions to decide.") var evaluations = 100_000
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if rules < 1 || rules > 10_000 { throw ValidationError("--rules must be between 1 and 10000") }
        if evaluations < 1 { throw ValidationError("--evaluations must be at least 1") }
    }

    func run() throws {
        let micros = GuardrailSet.benchmark(rules: rules, evaluations: evaluations)
        let text = Money.format(minor: Int64((micros * 100).rounded()), exponent: 2)
        if output.json { return Output.json(["rules": .int(rules), "evaluations": .int(evaluations), "us_per_action": .number(text)]) }
        print("guardrails bench: \(text) µs per action with \(rules) rules (all covering the action)")
    }
}
