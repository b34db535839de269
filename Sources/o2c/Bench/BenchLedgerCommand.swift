import ArgumentParser
import Foundation
import O2CBench
import O2CLedger

/// `o2c bench ledger`: full order-to-cash cycles through the gate.
struct BenchLedgerCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Full order-to-cash cycles through the gate, against the raw SQLite insert rate.")
    @OptionGroup var output: OutputOptions
    @Option(help: "Orders to run through the full cycle.") var orders = 5000
    @Option(help: "Threads submitting at once (they share commits through the gate's group commit).") var concurrency = 1
    @Option(help: "Folder for the scratch databases (default: a temporary folder).") var dir: String?
    @Flag(help: "Keep the ledger as DIR/o2c-bench-ledger.sqlite (needs --dir), e.g. to time reports and exports on it.") var keep = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if orders < 1 || orders > 1_000_000 { throw ValidationError("--orders must be between 1 and 1000000") }
        if concurrency < 1 || concurrency > 1024 { throw ValidationError("--concurrency must be between 1 and 1024") }
        if keep, dir == nil { throw ValidationError("--keep needs --dir: the folder the ledger stays in") }
    }

    func run() throws {
        let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let r = try LedgerBench.run(orders: orders, concurrency: concurrency, directory: folder, policy: Settings.current.home.policy(), keep: keep)
        if output.json { return Output.json(r.json) }
        print("ledger bench: \(r.orders) orders (\(r.concurrency) at a time) through create → credit check → reserve → ship → invoice → payment → apply")
        print("  \(Int(r.ordersPerSecond)) orders/s, \(Int(r.actionsPerSecond)) actions/s in \(r.commits) commits, peak RSS \(Int(r.peakRSSMiB)) MiB")
        print("  raw SQLite inserts (one transaction each, one thread): \(Int(r.sqliteRawInsertsPerSecond))/s; gate actions per raw insert: \(String(format: "%.2f", r.ratioToRaw))")
        print("  CPU: \(String(format: "%.1f", r.cpuMicrosecondsPerAction)) µs per action, \(String(format: "%.1f", r.sqliteRawCPUMicrosecondsPerInsert)) µs per raw insert; "
              + "raw insert's CPU / action's CPU: \(String(format: "%.2f", r.cpuRatioToRaw))")
    }
}
