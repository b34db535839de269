import ArgumentParser
import Foundation
import O2CBench
import O2CCore

/// `o2c bench cashapp`.
struct BenchCashappCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "cashapp", abstract: "Cash application: N payments against M open invoices (matches/s, wall time).")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions
    @Option(help: "Open invoices in the ledger.") var invoices = 100_000
    @Option(help: "Payments to match.") var payments = 10_000
    @Option(help: "Folder for the scratch database (default: a temporary folder).") var dir: String?

    func validate() throws {
        if invoices < 1 || invoices > 2_000_000 { throw ValidationError("--invoices must be between 1 and 2000000") }
        if payments < 1 || payments > invoices { throw ValidationError("--payments must be between 1 and --invoices") }
    }

    func run() throws {
        let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let r = try CashApplicationBench.run(invoices: invoices, payments: payments, directory: folder, policy: Settings.current.home.policy()) { step in
            FileHandle.standardError.write(Data("  building: \(step)\n".utf8))
        }
        if output.json { return Output.json(r.json) }
        print("cashapp bench: \(r.payments) payments against \(r.invoices) open invoices (ledger built in \(Int(r.setupSeconds)) s)")
        print("  matching alone: \(Int(r.matchesPerSecond)) matches/s (\(Money.format(minor: Int64(r.matchSeconds * 1000), exponent: 3)) s)")
        print("  the worker's way, one payment at a time: " + String(format: "%.3f ms per payment reading every open invoice, %.3f ms reading the payment's scope",
                                                                    r.workerFullMsPerPayment, r.workerScopedMsPerPayment))
        print("  whole run through the gate: \(Money.format(minor: Int64(r.runSeconds * 1000), exponent: 3)) s, \(Int(r.paymentsPerSecond)) payments/s")
        print("  \(r.applied) applied, \(r.pendingApproval) waiting for approval, \(r.unmatched) left for the agent and the queue; peak RSS \(Int(r.peakRSSMiB)) MiB")
    }
}
