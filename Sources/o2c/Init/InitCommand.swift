import ArgumentParser
import Foundation
import O2CClient
import O2CCore
import O2CDemo
import O2CLedger

/// `o2c init [--demo]`: creates a ledger, optionally filled with the demo data set.
struct InitCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a new ledger (with --demo: the demo data set).")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Fill the ledger with the deterministic demo data set (customers, products, stock, history).")
    var demo = false

    @Option(help: "Seed of the demo data generator.")
    var seed: UInt64 = 42

    @Option(name: .customLong("as-of"), help: "Business date the demo history ends on (default: today).")
    var asOf: String?

    @Option(help: "Company name.")
    var company = "Northwind Supplies Inc."

    @Option(name: .customLong("base-currency"), help: "The company's base currency.")
    var baseCurrency = "USD"

    @Flag(help: "Replace an existing ledger file.")
    var force = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let asOf, BusinessDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date like 2026-11-25") }
    }

    func run() throws {
        let path = ledger.path
        if force {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let date = asOf.flatMap(BusinessDate.init(iso:)) ?? SystemClock().today()
        if !demo {
            // The workflow starts here: whatever is entered from now on is the worker's, even
            // before a worker first runs (a worker's first start would skip it as history).
            try Ledger.create(path: path, companyName: company, baseCurrency: baseCurrency, policy: ReadOnlyPolicy()).startWorkflowCursor()
            if output.json { Output.json(["path": .string(path), "demo": false]) } else { print("created an empty ledger at \(path)") }
            return
        }
        let start = ContinuousClock.now
        let clock = ManualClock(date: date.adding(days: -200))
        let created = try Ledger.create(path: path, companyName: company, baseCurrency: baseCurrency, clock: clock, policy: DemoData.policy)
        try created.setUp(DemoData.masterData(seed: seed, asOf: date))
        // History is loaded through the gate under the built-in policy, as a data migration
        // would be; the work left for people goes through the real guardrails.
        let summary = try DemoData.populate(created, clock: clock, seed: seed, asOf: date)
        try DemoData.addUsers(created)
        let gated = try Ledger.open(path: path, clock: clock, policy: Settings.current.home.policy())
        let queue = try DemoData.proposeWork(gated)
        // The history is not the workflow's; the orders entered from now on are.
        try gated.startWorkflowCursor()
        let elapsed = Duration.since(start)
        if output.json {
            var o = summary.json.objectValue ?? JSONObject()
            o["path"] = .string(path)
            o["users"] = .array(DemoData.users.map { .string($0.0) })
            o["approval_queue"] = .array(queue.map { .string($0) })
            Output.json(.object(o))
        } else {
            print("created the demo ledger at \(path) (seed \(seed), as of \(date.iso), \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1)))))")
            for line in summary.lines { print("  " + line) }
            print("  Users: " + DemoData.users.map { "\($0.0) (\($0.1.rawValue))" }.joined(separator: ", ") + "; 'o2c users token NAME' issues a token.")
            print("  Waiting for people in the approval queue:")
            for line in queue { print("    " + line) }
        }
    }
}
