import Foundation
import O2CCore
import Testing

/// The options every command shares: listings that never cut silently, `--config`, `--home`.
@Suite("o2c options end to end", .serialized)
struct OptionsCLITests {
    @Test func jsonListingsGetEveryRowAndACutIsAlwaysSaidOnStderr() async throws {
        let all = try await CLITests.o2c(["invoices", "list", "--json", "--db", CLITests.demo])
        let rows = try #require(all.json?.arrayValue)
        #expect(rows.count > 200, "the demo has more invoices than a table shows: \(rows.count)")
        #expect(all.stderr.isEmpty, "\(all.stderr)")
        let table = try await CLITests.o2c(["invoices", "list", "--db", CLITests.demo])
        #expect(table.stdout.split(separator: "\n").count == 100 + 2, "a header, a rule and 100 rows")
        #expect(table.stderr.contains("showing the first 100 invoices; there are more (--limit N shows more, --json shows all)"), "\(table.stderr)")
        let five = try await CLITests.o2c(["invoices", "list", "--json", "--limit", "5", "--db", CLITests.demo])
        #expect(five.json?.arrayValue?.count == 5 && five.stderr.contains("showing the first 5 invoices"), "\(five.stderr)")
        let exact = try await CLITests.o2c(["invoices", "list", "--json", "--limit", String(rows.count), "--db", CLITests.demo])
        #expect(exact.json?.arrayValue?.count == rows.count && exact.stderr.isEmpty, "no notice when nothing is left out: \(exact.stderr)")
        for listing in [["customers", "list"], ["products", "list"], ["orders", "list"], ["payments", "list"], ["approvals", "list", "--all"],
                        ["runs", "list"], ["users", "list"]] {
            let r = try await CLITests.o2c(listing + ["--json", "--limit", "1", "--db", CLITests.demo])
            #expect(r.status == 0 && (r.json?.arrayValue?.count ?? 0) <= 1, "\(listing): \(r.stderr)")
        }
        #expect(try await CLITests.o2c(["orders", "list", "--limit", "0", "--db", CLITests.demo]).status == 2)
        let products = try await CLITests.o2c(["products", "list", "--json", "--db", CLITests.demo])
        #expect((products.json?.arrayValue?.count ?? 0) >= 200 && products.stderr.isEmpty)
    }

    @Test func theConfigFlagPointsAtAFileWhoseRelativePathsAreItsOwn() async throws {
        let dir = NSTemporaryDirectory() + "o2c-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/empty-home", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try await CLITests.freshCopy(), toPath: dir + "/books.sqlite")
        try "db: books.sqlite\nhome: empty-home\n".write(toFile: dir + "/o2c.yaml", atomically: true, encoding: .utf8)
        let elsewhere = try RemoteCLITests.configHome()
        let customers = try await CLITests.o2c(["customers", "list", "--json", "--config", dir + "/o2c.yaml"], cwd: elsewhere)
        #expect(customers.status == 0 && (customers.json?.arrayValue?.count ?? 0) >= 50, "\(customers.stderr)")
        // The file's home has no guardrails/, so writes are refused and say which folder it was.
        let file = try CLITests.write(#"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "1.00"}}"#)
        let write = try await CLITests.o2c(["actions", "submit", file, "--as", "alice", "--config", dir + "/o2c.yaml"], cwd: elsewhere)
        #expect(write.status == 3 && (write.stdout + write.stderr).contains("no guardrails/ folder in \(dir)/empty-home"), "\(write.stdout)\(write.stderr)")
        // --home beats the file's home; O2C_CONFIG names the file too.
        let lint = try await CLITests.o2c(["guardrails", "lint", "--home", CLITests.packageRoot.path], env: ["O2C_CONFIG": dir + "/o2c.yaml"], cwd: elsewhere)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let missing = try await CLITests.o2c(["customers", "list", "--config", dir + "/nope.yaml"], cwd: elsewhere)
        #expect(missing.status == 1 && missing.stderr.contains("nope.yaml: no such file"), "\(missing.stderr)")
    }

    @Test func aCommandThatWritesALedgerFileSaysSoWhenOnlyAServerIsSet() async throws {
        // No ledger file here, a server set: the file-only writing commands say what to do, and
        // nothing is created (not even an empty o2c.sqlite).
        let elsewhere = NSTemporaryDirectory() + "o2c-remote-only-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let server = ["O2C_URL": "http://127.0.0.1:9", "O2C_TOKEN": "o2c_not_used", "O2C_HOME": CLITests.packageRoot.path]
        for args in [["import", "orders", "orders.csv", "--as", "sam"], ["dunning", "run"], ["cashapp", "run", "--as", "arlo"]] {
            let r = try await CLITests.o2c(args, env: server, cwd: elsewhere)
            #expect(r.status == 1, "o2c \(args.joined(separator: " ")): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("does not work over o2c serve (http://127.0.0.1:9)") && r.stderr.contains("--db FILE"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/o2c.sqlite"))
    }

    @Test func everyCommandTakesTheGlobalOptionsAndHasHelp() async throws {
        var leaves: [[String]] = []
        func walk(_ path: [String]) async throws {
            let help = try await CLITests.o2c(path + ["--help"])
            #expect(help.status == 0 && help.stdout.contains("USAGE"), "\(path)")
            guard path.count < 3, let section = help.stdout.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return leaves.append(path) }
            let names = section.components(separatedBy: "\n\n")[0].split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                      name.allSatisfy({ $0.isLowercase || $0 == "-" }) else { return nil }
                return String(name)
            }
            for name in names where name != "help" { try await walk(path + [name]) }
        }
        try await walk([])
        #expect(leaves.count >= 45, "\(leaves)")
        for leaf in leaves {
            let help = try await CLITests.o2c(leaf + ["--help"]).stdout
            #expect(help.contains("--config <path>") && help.contains("--home <dir>"), "o2c \(leaf.joined(separator: " ")) lacks the global options")
        }
    }
}
