import Foundation
import O2CCore
import Testing

/// `o2c dunning` and `o2c outbox` through the binary on the demo ledger.
@Suite("o2c dunning and outbox end to end")
struct DunningCLITests {
    @Test func aDunningRunOnTheDemoLedgerMailsTheNoticesDueOnceAndNeverChasesADisputedInvoice() throws {
        let db = try CLITests.freshCopy()
        let outbox = NSTemporaryDirectory() + "o2c-dunning-\(UUID().uuidString)"
        let env = CLITests.home.merging(["O2C_OUTBOX": outbox]) { $1 }
        let lint = try CLITests.o2c(["dunning", "lint"], env: env)
        #expect(lint.status == 0 && lint.stdout.contains("3 levels OK"), "\(lint.stderr)")
        let first = try CLITests.o2c(["dunning", "run", "--templates", "--as-of", "2026-11-25", "--json", "--db", db], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        let report = try #require(first.json)
        let sent = report["sent"]?.intValue ?? 0
        #expect(sent >= 1)
        #expect((report["disputed_skipped"]?.intValue ?? 0) >= 1)
        let disputed = Set((try CLITests.o2c(["invoices", "list", "--status", "disputed", "--json", "--db", db], env: env).json?.arrayValue ?? [])
            .compactMap { $0["id"]?.stringValue })
        #expect(!disputed.isEmpty)
        let chased = Set((report["notices"]?.arrayValue ?? []).flatMap { ($0["invoice_ids"]?.arrayValue ?? []).compactMap(\.stringValue) })
        #expect(chased.isDisjoint(with: disputed))
        // Run again: nothing new (a notice still waiting for approval answers with its same request).
        let again = try CLITests.o2c(["dunning", "run", "--templates", "--as-of", "2026-11-25", "--json", "--db", db], env: env)
        func waiting(_ j: JSONValue?) -> [String] {
            (j?["notices"]?.arrayValue ?? []).filter { $0["outcome"] == "pending_approval" }.compactMap { $0["detail"]?.stringValue?.split(separator: " ").first.map(String.init) }
        }
        #expect(again.json?["sent"] == .int(0), "\(again.stdout)")
        #expect(waiting(again.json) == waiting(report))
        // The worker delivers the notices as .eml files.
        let worker = try CLITests.o2c(["worker", "--until-idle", "--db", db], env: env)
        #expect(worker.status == 0, "\(worker.stderr)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []
        #expect(files.filter { $0.hasPrefix("DN-") && $0.hasSuffix(".eml") }.count == sent)
        let listed = try #require(try CLITests.o2c(["outbox", "list", "--status", "sent", "--json", "--db", db], env: env).json?.arrayValue)
        #expect(listed.filter { $0["kind"] == "dunning" }.count == sent)
        let worklist = try #require(try CLITests.o2c(["dunning", "worklist", "--as-of", "2026-11-25", "--json", "--db", db], env: env).json?.arrayValue)
        let scores = worklist.compactMap { $0["score"].flatMap { Double($0.serialized()) } }
        #expect(!scores.isEmpty && scores == scores.sorted(by: >))
        #expect(!worklist.contains { disputed.isEmpty ? false : ($0["invoices"]?.intValue ?? 0) == 0 })
    }
}
