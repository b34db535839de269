import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c bench workflow --orders N`: orders per second from capture to invoiced through the worker.
struct BenchWorkflowCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Orders per second from capture to invoiced and sent through the workflow worker (each action its own gate transaction).",
        discussion: "A fresh ledger in a temporary folder behind the shipped guardrails ($O2C_HOME/guardrails); the worker runs in-process, one job at a time."
    )

    @Option(help: "Orders to carry through.") var orders = 1000
    @Option(help: "Folder for the scratch database (default: a temporary folder).") var dir: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...1_000_000).contains(orders) else { throw ValidationError("--orders must be between 1 and 1000000") }
    }

    func run() async throws {
        let folder = (dir ?? NSTemporaryDirectory()) + "/o2c-bench-workflow-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await WorkflowBench.run(path: folder + "/bench.sqlite", orders: orders, policy: Settings.current.home.policy())
        if output.json { return Output.json(result.json) }
        let j = result.json
        print("\(result.orders) orders: capture \(Output.text(j["capture_seconds"])) s, worker \(Output.text(j["worker_seconds"])) s (\(result.jobs) jobs)")
        print("\(Output.text(j["orders_per_second"])) orders/s from capture to invoiced and sent; \(Output.text(j["actions_per_second"])) gate actions/s; worker \(Output.text(j["jobs_per_second"])) jobs/s")
    }
}
