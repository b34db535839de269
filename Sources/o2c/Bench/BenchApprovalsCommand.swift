import ArgumentParser
import Foundation
import O2CBench
import O2CCore
import O2CLedger

/// `o2c bench approvals`: `approvals list` on a large ledger, in process and as a user runs it.
struct BenchApprovalsCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "approvals", abstract: "Time 'approvals list' on a ledger with many orders and requests.")
    @OptionGroup var output: OutputOptions
    @Option(help: "Orders in the ledger.") var orders = 100_000
    @Option(help: "Pending approval requests.") var requests = 10_000
    @Option(help: "Folder for the scratch database (default: a temporary folder).") var dir: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if orders < 1 || requests < 1 || requests > orders * 20 { throw ValidationError("--orders and --requests must be positive") }
    }

    func run() throws {
        let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let r = try ApprovalsBench.run(orders: orders, requests: requests, directory: folder)
        // The whole command as a user runs it: a new process, its table output thrown away.
        var cliMillis: [Double] = []
        for _ in 0..<5 {
            let t = ContinuousClock.now
            let child = try ChildProcess.spawn(BenchCommand.executable, arguments: ["approvals", "list", "--db", r.path],
                                               standardOutput: .discard, standardError: .discard)
            child.closeFD(child.stdinFD)
            child.wait()
            cliMillis.append(Duration.since(t).inMilliseconds)
        }
        cliMillis.sort()
        let cli = Money.format(minor: Int64((cliMillis[cliMillis.count / 2] * 100).rounded()), exponent: 2)
        if output.json {
            var o = r.json.objectValue ?? JSONObject()
            o["cli_wall_ms"] = .number(cli)
            return Output.json(.object(o))
        }
        print("approvals bench: \(r.requests) pending requests on a ledger of \(r.orders) orders (built in \(Int(r.setupSeconds)) s)")
        print("  list in process: \(Money.format(minor: Int64((r.listMillis * 100).rounded()), exponent: 2)) ms; 'o2c approvals list' wall: \(cli) ms")
    }
}
