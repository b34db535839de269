import ArgumentParser
import Foundation
import O2CAgents
import O2CCore
import O2CLedger

/// `o2c agents test [NAME]`: the scenarios of agents/tests/ against a scripted model.
struct AgentsTestCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Replay the scenarios in agents/tests/*.yaml against a scripted model and a fresh demo ledger.")
    @Argument(help: "Only this agent's scenarios.") var name: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = Settings.current.home
        let dir = home.agentTestsDirectory
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var scenarios: [AgentScenario] = []
        for f in files {
            do { scenarios.append(try AgentScenario.load(path: dir + "/" + f, display: "agents/tests/" + f)) } catch {
                throw CLIExit(code: 1, message: "\(error)")
            }
        }
        if let name { scenarios = scenarios.filter { $0.agent == name } }
        guard !scenarios.isEmpty else { throw CLIExit(code: 1, message: "no scenarios\(name.map { " for \($0)" } ?? "") in \(dir)") }
        let template = NSTemporaryDirectory() + "o2c-scenarios-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: template, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: template) }
        let base = template + "/demo.sqlite"
        try DemoLedger.create(path: base)
        let runner = ScenarioRunner(catalog: home.catalog(), assembler: home.assembler(), content: try home.contentGuard())
        var results: [ScenarioResult] = []
        for (k, s) in scenarios.enumerated() {
            let copy = template + "/s\(k).sqlite"
            try FileManager.default.copyItem(atPath: base, toPath: copy)
            let ledger = try Ledger.open(path: copy, clock: ManualClock(date: DemoLedger.asOf), policy: home.policy())
            results.append(await runner.run(s, ledger: O2CLedgerHandle(ledger)))
        }
        if output.json {
            Output.json(.array(results.map { r in
                ["scenario": .string(r.scenario.file), "agent": .string(r.scenario.agent), "passed": .bool(r.passed),
                 "mismatches": .array(r.mismatches.map { .string($0) }), "run": r.run.json]
            }))
        } else {
            for r in results {
                print("\(r.passed ? "PASS" : "FAIL")  \(r.scenario.file)  (\(r.scenario.agent): \(r.scenario.description))")
                for c in r.run.toolCalls { print("        \(c.tool) → \(c.outcome)\(c.approvalID.map { " \($0)" } ?? "")") }
                print("        state \(r.run.state.rawValue)")
                for m in r.mismatches { print("    ✗ \(m)") }
            }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
        }
        if results.contains(where: { !$0.passed }) { throw CLIExit(code: 1, message: nil) }
    }
}
