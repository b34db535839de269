import Foundation
import O2CCore
import Testing

/// `o2c dunning` and `o2c outbox` through the binary on the demo ledger.
@Suite("o2c dunning and outbox end to end")
struct DunningCLITests {
    /// Runs o2c off Swift's cooperative threads (the other suites' servers share them).
    static func o2c(_ args: [String], env: [String: String]) async throws -> CLITests.Run {
        try await CLITests.o2c(args, env: env)
    }

    @Test func aDunningRunOnTheDemoLedgerMailsTheNoticesDueOnceAndNeverChasesADisputedInvoice() async throws {
        let outbox = NSTemporaryDirectory() + "o2c-dunning-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: outbox + "-db", withIntermediateDirectories: true)
        let db = outbox + "-db/ledger.sqlite"
        let env = CLITests.home.merging(["O2C_OUTBOX": outbox]) { $1 }
        let created = try await Self.o2c(["init", "--demo", "--seed", "7", "--as-of", "2026-11-25", "--db", db], env: env)
        #expect(created.status == 0, "\(created.stderr)")
        let lint = try await Self.o2c(["dunning", "lint"], env: env)
        #expect(lint.status == 0 && lint.stdout.contains("3 levels OK"), "\(lint.stderr)")
        let first = try await Self.o2c(["dunning", "run", "--templates", "--as-of", "2026-11-25", "--json", "--db", db], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let report = try #require(first.json)
        let sent = report["sent"]?.intValue ?? 0
        #expect(sent >= 1)
        #expect((report["disputed_skipped"]?.intValue ?? 0) >= 1)
        let disputedList = try await Self.o2c(["invoices", "list", "--status", "disputed", "--json", "--db", db], env: env)
        let disputed = Set((disputedList.json?.arrayValue ?? [])
            .compactMap { $0["id"]?.stringValue })
        #expect(!disputed.isEmpty)
        let chased = Set((report["notices"]?.arrayValue ?? []).flatMap { ($0["invoice_ids"]?.arrayValue ?? []).compactMap(\.stringValue) })
        #expect(chased.isDisjoint(with: disputed))
        // Run again: nothing new (a notice still waiting for approval answers with its same request).
        let again = try await Self.o2c(["dunning", "run", "--templates", "--as-of", "2026-11-25", "--json", "--db", db], env: env)
        func waiting(_ j: JSONValue?) -> [String] {
            (j?["notices"]?.arrayValue ?? []).filter { $0["outcome"] == "pending_approval" }.compactMap { $0["detail"]?.stringValue?.split(separator: " ").first.map(String.init) }
        }
        #expect(again.json?["sent"] == .int(0), "\(again.stdout)")
        #expect(waiting(again.json) == waiting(report))
        // The worker delivers the notices as .eml files.
        let worker = try await Self.o2c(["worker", "--until-idle", "--db", db], env: env)
        #expect(worker.status == 0, "\(worker.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []
        #expect(files.filter { $0.hasPrefix("DN-") && $0.hasSuffix(".eml") }.count == sent)
        let listedRun = try await Self.o2c(["outbox", "list", "--status", "sent", "--json", "--db", db], env: env)
        let listed = try #require(listedRun.json?.arrayValue)
        #expect(listed.filter { $0["kind"] == "dunning" }.count == sent)
        let worklistRun = try await Self.o2c(["dunning", "worklist", "--as-of", "2026-11-25", "--json", "--db", db], env: env)
        let worklist = try #require(worklistRun.json?.arrayValue)
        let scores = worklist.compactMap { $0["score"].flatMap { Double($0.serialized()) } }
        #expect(!scores.isEmpty && scores == scores.sorted(by: >))
        #expect(!worklist.contains { disputed.isEmpty ? false : ($0["invoices"]?.intValue ?? 0) == 0 })
    }

    @Test func theDunningBenchDunsEveryInvoiceItBuiltOncePerCustomerAndLevelAndRefusesAnEmptyLedger() async throws {
        // 60 invoices of 3 customers, 7 to 66 days overdue: each customer reaches all three levels.
        let r = try await Self.o2c(["bench", "dunning", "--invoices", "60", "--json"], env: CLITests.home)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json, "\(r.stdout)")
        #expect(j["invoices"] == .int(60) && j["customers"] == .int(3))
        #expect(j["notices"] == .int(9) && j["sent"] == .int(6), "\(r.stdout)")
        // Level 3 waits for an AR clerk and proposes a credit hold, as in any run.
        #expect(j["pending_approval"] == .int(3) && j["credit_holds"] == .int(3) && j["refused"] == .int(0), "\(r.stdout)")
        #expect(j["run_seconds"] != nil && j["invoices_per_second"] != nil && j["notices_per_second"] != nil && j["peak_rss_mib"] != nil)
        for bad in ["0", "-5", "2000001", "many"] {
            let refused = try await Self.o2c(["bench", "dunning", "--invoices", bad], env: CLITests.home)
            #expect(refused.status != 0 && refused.stderr.contains("--invoices"), "\(bad): \(refused.stderr)")
        }
        // A broken levels file stops the bench before it builds anything, naming the file.
        let home = NSTemporaryDirectory() + "o2c-bench-levels-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/dunning", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "levels: [{level: 9}]\n".write(toFile: home + "/dunning/levels.yaml", atomically: true, encoding: .utf8)
        let broken = try await Self.o2c(["bench", "dunning", "--invoices", "5"], env: ["O2C_HOME": home])
        #expect(broken.status == 1 && broken.stderr.contains("dunning/levels.yaml") && !broken.stderr.contains("building"), "\(broken.stderr)")
    }
}
