import ArgumentParser
import Foundation
import O2CBench
import O2CCore

/// `o2c bench import`.
struct BenchImportCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import N CSV order rows through the gate (rows/s, peak RSS).")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions
    @Option(help: "CSV rows (four per order).") var rows = 100_000
    @Option(help: "Folder for the scratch files (default: a temporary folder).") var dir: String?

    func validate() throws {
        if rows < 1 || rows > 2_000_000 { throw ValidationError("--rows must be between 1 and 2000000") }
    }

    func run() throws {
        let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let r = try ImportBench.run(rows: rows, directory: folder, policy: Settings.current.home.policy())
        if output.json { return Output.json(r.json) }
        print("import bench: \(r.rows) CSV rows (\(r.orders) orders, \(r.fileBytes / 1_048_576) MiB) through the gate")
        print("  \(Int(r.rowsPerSecond)) rows/s, \(Int(Double(r.orders) / max(r.seconds, 1e-9))) orders/s, \(Money.format(minor: Int64(r.seconds * 1000), exponent: 3)) s")
        print("  peak RSS \(Int(r.peakRSSMiB)) MiB (\(Int(r.rssBeforeMiB)) MiB before the import)")
    }
}
