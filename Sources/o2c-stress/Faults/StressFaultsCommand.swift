import ArgumentParser
import Foundation
import O2CAgents
import O2CStressKit

/// `o2c-stress faults`: the model fault soak (see `FaultSoak`).
struct StressFaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Model fault soak: agent runs against a scripted model that misbehaves in a share of them; every run must end with a reason, memory flat."
    )
    @Option(help: "Agent runs in all.") var runs = 1000
    @Option(name: .customLong("fault-rate"), help: "Share of runs (0 to 1) that meet a fault.") var faultRate = 0.3
    @Option(help: "Seed of the fault plan.") var seed: UInt64 = 1
    @Option(help: "Runs in flight at most.") var concurrency = 8
    @Option(name: .customLong("timeout"), help: "Seconds the model client waits for one request (a hang lasts three times that).") var timeout = 1.0
    @Option(help: "The home folder with agents/, prompts/ and guardrails/ (default: O2C_HOME or the current folder).") var home: String?
    @Flag(help: "End with one JSON line {\"check\":\"faults\",\"passed\":…,\"figures\":{…}}.") var json = false

    func validate() throws {
        guard runs >= 1, runs <= 1_000_000 else { throw ValidationError("--runs must be between 1 and 1000000") }
        guard (0...1).contains(faultRate) else { throw ValidationError("--fault-rate must be between 0 and 1, e.g. 0.3") }
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concurrency must be between 1 and 256") }
        guard timeout >= 0.1, timeout <= 60 else { throw ValidationError("--timeout must be between 0.1 and 60 seconds") }
    }

    func run() async throws {
        let soak = FaultSoak(runs: runs, faultRate: faultRate, seed: seed, concurrency: concurrency, clientTimeoutSeconds: timeout,
                             home: O2CHome.resolve(flag: home))
        let report = try await soak.run()
        print(json ? report.json.serialized() : report.summary)
        if !report.passed { throw ExitCode(1) }
    }
}
