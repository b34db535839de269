import ArgumentParser
import Foundation
import O2CBench
import O2CCore

/// `o2c bench dunning`.
struct BenchDunningCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "dunning", abstract: "Dunning run over N open overdue invoices (invoices/s, notices/s, wall time).")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions
    @Option(help: "Open overdue invoices in the ledger.") var invoices = 100_000
    @Option(help: "Folder for the scratch database (default: a temporary folder).") var dir: String?

    func validate() throws {
        if invoices < 1 || invoices > 2_000_000 { throw ValidationError("--invoices must be between 1 and 2000000") }
    }

    func run() throws {
        let levels = try DunningCommand.levels()
        let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let r = try DunningBench.run(invoices: invoices, directory: folder, levels: levels, policy: Settings.current.home.policy()) { step in
            FileHandle.standardError.write(Data("  building: \(step)\n".utf8))
        }
        if output.json { return Output.json(r.json) }
        print("dunning bench: \(r.invoices) open overdue invoices of \(r.customers) customers (ledger built in \(Int(r.setupSeconds)) s)")
        print("  run: \(Money.format(minor: Int64(r.runSeconds * 1000), exponent: 3)) s, \(Int(r.invoicesPerSecond)) invoices/s, \(Int(r.noticesPerSecond)) notices/s")
        print("  \(r.notices) notices through the gate: \(r.sent) sent, \(r.pendingApproval) waiting for approval, \(r.refused) denied or invalid; "
              + "\(r.creditHolds) credit holds proposed; peak RSS \(Int(r.peakRSSMiB)) MiB")
    }
}
