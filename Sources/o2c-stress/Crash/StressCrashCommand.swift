import ArgumentParser
import Foundation
import O2CCore

/// `o2c-stress crash`: the order-to-cash cycle through a child `o2c worker` killed with SIGKILL at
/// seeded points and restarted, then the checks that nothing was lost, doubled or left unbalanced.
struct StressCrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash",
        abstract: "Kill the worker with SIGKILL during an order-to-cash workload; check nothing is lost or doubled.",
        discussion: """
            Creates a ledger in --dir (default: a new folder under the temporary directory), imports the orders in \
            batches as a sales rep (a share priced 20% below the list waits for a sales manager, who approves it with \
            'o2c approvals approve'), pays most invoices with camt.053 statements ('o2c import payments'; the worker \
            applies the cash), runs dunning on invoices loaded 100 days back (level-3 notices and credit holds wait for \
            approvers), while a \
            child 'o2c worker' carries every order through reservation, shipping, invoicing and e-mail (.eml files) and \
            is killed with SIGKILL --kills times. Exit code 1 when a check fails.
            """)

    @Option(help: "The o2c executable to drive.") var o2c: String = "o2c"
    @Option(help: "Orders in the workload (10,000 took 24 minutes with a debug build on the loaded 2-core machine; see docs/RELIABILITY.md).") var orders = 2_000
    @Option(help: "SIGKILLs of the worker.") var kills = 20
    @Option(help: "Seed of every random choice (kill points, approvals, payments).") var seed: UInt64 = 1
    @Option(help: "Folder for the ledger, the files and the outbox (must not exist or be empty; default: a new temporary folder, removed when every check passes).")
    var dir: String?
    @Option(help: "Folder holding guardrails/ and dunning/ (default: the current directory).") var home: String = "."
    @Option(name: .customLong("approval-percent"), help: "Share of orders priced below the list (they need a sales manager).")
    var approvalPercent = 5
    @Option(name: .customLong("paid-percent"), help: "Share of invoices the bank statements pay.") var paidPercent = 85
    @Flag(help: "Print the summary as one JSON object on the last line.") var json = false

    func validate() throws {
        guard (1...1_000_000).contains(orders) else { throw ValidationError("--orders must be 1–1,000,000") }
        guard (0...1_000).contains(kills) else { throw ValidationError("--kills must be 0–1,000") }
        guard (0...100).contains(approvalPercent), (0...100).contains(paidPercent) else { throw ValidationError("percentages are 0–100") }
    }

    func run() throws {
        let binary = try Self.resolve(o2c)
        let folder = dir ?? NSTemporaryDirectory() + "o2c-stress-crash-\(seed)-\(getpid())"
        let homePath = URL(fileURLWithPath: home).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: homePath + "/guardrails") else {
            throw ValidationError("\(homePath) has no guardrails/ folder; pass --home with the o2c checkout (or run from it)")
        }
        let driver = try CrashDriver(binary: binary, folder: folder, home: homePath, orders: orders, kills: kills, seed: seed,
                                     approvalPercent: approvalPercent, paidPercent: paidPercent, log: { line in
                                         // unbuffered: progress reaches a log file as it happens
                                         if !json { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
                                     })
        let report = try driver.run()
        for c in report.checks {
            print("\(c.passed ? "PASS" : "FAIL") \(c.name): \(c.detail)")
        }
        for (key, value) in report.figures.members { print("  \(key): \(value.serialized())") }
        // The default folder goes when every check passed; a failure keeps it for a look.
        if dir == nil && report.passed {
            try? FileManager.default.removeItem(atPath: folder)
        } else {
            print("  ledger, files, outbox and worker logs: \(folder)")
        }
        if json {
            let line: JSONValue = ["check": "crash", "passed": .bool(report.passed), "figures": .object(report.figures)]
            print(line.serialized())
        } else {
            print(report.passed ? "crash: all \(report.checks.count) checks passed" : "crash: FAILED")
        }
        if !report.passed { throw ExitCode(1) }
    }

    /// `name` as a path: as given when it has a slash, else looked up in PATH.
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else { throw ValidationError("--o2c \(name) is not an executable file") }
            return URL(fileURLWithPath: name).standardizedFileURL.path
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        throw ValidationError("no \(name) in PATH; pass --o2c with the path of the o2c executable (.build/debug/o2c)")
    }
}
