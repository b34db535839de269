import ArgumentParser
import Foundation
import O2CBench
import O2CCore
import O2CLedger
import O2CReportPages

/// `o2c report aging|dso|cycle|revenue|forecast|trial-balance`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports on receivables and the books.",
                                                    subcommands: [Aging.self, DSO.self, Cycle.self, Revenue.self, Forecast.self, TrialBalance.self])

    struct Aging: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open receivables by days past due (current, 1-30, 31-60, 61-90, 91-120, 120+), in base currency.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: ReportOutputOptions
        @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?

        func validate() throws {
            try ReportOutputOptions.checkDates(["--as-of": asOf])
        }

        func run() throws {
            let l = try ledger.open()
            let r = try l.agingReport(asOf: asOf.flatMap(BusinessDate.init(iso:)))
            try output.emit(r, page: .aging, company: try l.companyName()) { table(r) }
        }

        func table(_ r: JSONValue) {
            print("Aging as of \(Output.text(r["as_of"])) in \(Output.text(r["currency"]))")
            let rows = (r["customers"]?.arrayValue ?? []).map { c in
                [Output.text(c["customer_id"]), String(Output.text(c["name"]).prefix(24))] + Ledger.agingBuckets.map { Output.text(c["buckets"]?[$0]) } + [Output.text(c["total"])]
            }
            let total = ["TOTAL", ""] + Ledger.agingBuckets.map { Output.text(r["buckets"]?[$0]) } + [Output.text(r["total"])]
            Output.table(["CUSTOMER", "NAME"] + Ledger.agingBuckets.map { $0.uppercased() } + ["TOTAL"], rows + [total])
        }
    }

    struct DSO: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dso", abstract: "Days sales outstanding over the last N days.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: ReportOutputOptions
        @Option(help: "Window in days.") var days = 90
        @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?

        func validate() throws {
            if days < 1 || days > 3650 { throw ValidationError("--days must be between 1 and 3650") }
            if let asOf, BusinessDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date like 2026-11-25") }
        }

        func run() throws {
            let l = try ledger.open()
            let r = try l.dsoReport(days: days, asOf: asOf.flatMap(BusinessDate.init(iso:)))
            try output.emit(r, page: .dso, company: try l.companyName()) {
                let cur = Output.text(r["currency"])
                print("DSO over \(days) days as of \(Output.text(r["as_of"])): \(Output.text(r["dso"])) days")
                print("  receivables \(Output.text(r["receivables"])) \(cur); credit sales in the window \(Output.text(r["credit_sales"])) \(cur)")
            }
        }
    }

    struct TrialBalance: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "trial-balance", abstract: "Balances of every account from the journal.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: ReportOutputOptions

        func run() throws {
            let l = try ledger.open()
            let r = try l.trialBalance()
            try output.emit(r, page: .trialBalance, company: try l.companyName()) {
                let rows = (r["accounts"]?.arrayValue ?? []).map { a in [Output.text(a["account"]), Output.text(a["name"]), Output.text(a["debit"]), Output.text(a["credit"])] }
                Output.table(["ACCOUNT", "NAME", "DEBIT", "CREDIT"], rows + [["", "TOTAL", Output.text(r["total_debit"]), Output.text(r["total_credit"])]])
                print(r["balanced"] == .bool(true) ? "balanced (\(Output.text(r["currency"])))" : "NOT BALANCED")
            }
        }
    }
}

/// `o2c audit verify`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The hash-chained audit log.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no audit record was changed or removed, in the middle or at the end; print the head hash.",
            discussion: """
                Walks the hash chain, then checks that every audit record a journal entry, event, approval request or decision
                names is there and wrote it (so cutting the tail of the log is seen). Keep the head hash somewhere else and
                pass it back with --expect-head to catch the removal of records no document names. Exit code 1 when broken.
                """)
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(name: .customLong("expect-head"), help: "A head hash printed earlier: it must still be in the chain.") var expectHead: String?

        func validate() throws {
            if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
                throw ValidationError("--expect-head must be the 64 hex digits 'o2c audit verify' printed")
            }
        }

        func run() throws {
            let v = try ledger.open().verifyAudit(expectHead: expectHead?.lowercased())
            if output.json {
                Output.json(v.json)
            } else if v.ok {
                print("audit log intact: \(v.records) records, head \(v.headHash ?? "(empty)")")
            }
            if !v.ok { throw CLIExit(code: 1, message: output.json ? nil : "audit log broken at record \(v.firstBroken ?? 0): \(v.problem ?? "")") }
        }
    }
}

/// `o2c bench ledger`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmarks that print figures.", subcommands: [LedgerBenchCommand.self, GuardrailsBenchCommand.self, ApprovalsBenchCommand.self, AgentsBenchCommand.self, BenchHTTPCommand.self,
                                                                  ModelServerCommand.self, BenchWorkflowCommand.self])

    struct LedgerBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Full order-to-cash cycles through the gate, against the raw SQLite insert rate.")
        @OptionGroup var output: OutputOptions
        @Option(help: "Orders to run through the full cycle.") var orders = 5000
        @Option(help: "Folder for the scratch databases (default: a temporary folder).") var dir: String?
        @Flag(help: "Keep the ledger as DIR/o2c-bench-ledger.sqlite (needs --dir), e.g. to time reports and exports on it.") var keep = false

        func validate() throws {
            if orders < 1 || orders > 1_000_000 { throw ValidationError("--orders must be between 1 and 1000000") }
            if keep, dir == nil { throw ValidationError("--keep needs --dir: the folder the ledger stays in") }
        }

        func run() throws {
            let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let r = try LedgerBench.run(orders: orders, directory: folder, policy: Guardrails.load(), keep: keep)
            if output.json { return Output.json(r.json) }
            print("ledger bench: \(r.orders) orders through create → credit check → reserve → ship → invoice → payment → apply")
            print("  \(Int(r.ordersPerSecond)) orders/s, \(Int(r.actionsPerSecond)) actions/s, peak RSS \(Int(r.peakRSSMiB)) MiB")
            print("  raw SQLite inserts (one transaction each): \(Int(r.sqliteRawInsertsPerSecond))/s")
        }
    }

    struct GuardrailsBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "guardrails", abstract: "Microseconds to decide one action against N guardrail rules.")
        @OptionGroup var output: OutputOptions
        @Option(help: "Rules covering the action (every condition is evaluated).") var rules = 100
        @Option(help: "Actions to decide.") var evaluations = 100_000

        func validate() throws {
            if rules < 1 || rules > 10_000 { throw ValidationError("--rules must be between 1 and 10000") }
            if evaluations < 1 { throw ValidationError("--evaluations must be at least 1") }
        }

        func run() throws {
            let micros = GuardrailSet.benchmark(rules: rules, evaluations: evaluations)
            let text = Money.format(minor: Int64((micros * 100).rounded()), exponent: 2)
            if output.json { return Output.json(["rules": .int(rules), "evaluations": .int(evaluations), "us_per_action": .number(text)]) }
            print("guardrails bench: \(text) µs per action with \(rules) rules (all covering the action)")
        }
    }

    struct ApprovalsBenchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approvals", abstract: "Time 'approvals list' on a ledger with many orders and requests.")
        @OptionGroup var output: OutputOptions
        @Option(help: "Orders in the ledger.") var orders = 100_000
        @Option(help: "Pending approval requests.") var requests = 10_000
        @Option(help: "Folder for the scratch database (default: a temporary folder).") var dir: String?

        func validate() throws {
            if orders < 1 || requests < 1 || requests > orders * 20 { throw ValidationError("--orders and --requests must be positive") }
        }

        func run() throws {
            let folder = dir ?? (NSTemporaryDirectory() + "o2c-bench-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let r = try ApprovalsBench.run(orders: orders, requests: requests, directory: folder)
            // The whole command as a user runs it: a new process, table output to a pipe.
            var cliMillis: [Double] = []
            for _ in 0..<5 {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
                                      : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
                p.arguments = ["approvals", "list", "--db", r.path]
                p.standardOutput = FileHandle.nullDevice
                let t = ContinuousClock.now
                try p.run()
                p.waitUntilExit()
                let d = ContinuousClock.now - t
                cliMillis.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
            }
            cliMillis.sort()
            let cli = cliMillis[cliMillis.count / 2]
            if output.json {
                var o = r.json.objectValue ?? JSONObject()
                o["cli_wall_ms"] = .number(Money.format(minor: Int64((cli * 100).rounded()), exponent: 2))
                return Output.json(.object(o))
            }
            print("approvals bench: \(r.requests) pending requests on a ledger of \(r.orders) orders (built in \(Int(r.setupSeconds)) s)")
            print("  list in process: \(Money.format(minor: Int64((r.listMillis * 100).rounded()), exponent: 2)) ms; 'o2c approvals list' wall: \(Money.format(minor: Int64((cli * 100).rounded()), exponent: 2)) ms")
        }
    }
}
