import Foundation
import O2CCore
import Testing

/// `o2c import`, `o2c cashapp run` and `o2c payments show` through the built binary.
@Suite("Documents and cash application on the command line", .serialized)
struct DocumentsCLITests {
    let f: CashAppFixture

    init() throws { f = try CashAppFixture() }

    @Test func importMatchAndExplainAStatement() async throws {
        let imported = try await CLIRunner.o2c(["import", "payments", CashAppFixture.statement, "--as", "arlo", "--db", f.path, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.json?["imported"] == .int(8))
        #expect(imported.json?["skipped_entries"]?["debit"] == .int(1))

        let run = try await CLIRunner.o2c(["cashapp", "run", "--as", "arlo", "--db", f.path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["applied"] == .int(4))
        #expect(run.json?["pending_approval"] == .int(2))
        #expect(run.json?["unmatched"] == .int(2))

        let pay = try #require(run.json?["results"]?.arrayValue?.first { $0["status"] == "applied" }?["payment_id"]?.stringValue)
        let show = try await CLIRunner.o2c(["payments", "show", pay, "--db", f.path])
        #expect(show.status == 0)
        #expect(show.stdout.contains("confidence 99 (threshold 90), by reference"))
        #expect(show.stdout.contains("names INV-1001"))
        let json = try await CLIRunner.o2c(["payments", "show", pay, "--db", f.path, "--json"])
        #expect(json.json?["matches"]?.arrayValue?.count == 1)
        #expect(json.json?["end_to_end_id"] == "E2E-D1-0001")

        let again = try await CLIRunner.o2c(["import", "payments", CashAppFixture.statement, "--as", "arlo", "--db", f.path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("imported 0 payments, skipped 8 already imported"))
    }

    @Test func aBrokenStatementIsRefusedWithItsLineAndNothingIsRecorded() async throws {
        let broken = CashAppFixture.fixtures + "/camt/broken/genkgo-camt053.v8.bad-currency.xml"
        let r = try await CLIRunner.o2c(["import", "payments", broken, "--as", "arlo", "--db", f.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad-currency.xml:68: the statement breaks the camt.053.001.08 schema"))
        #expect(try f.count("SELECT count(*) FROM payments") == 0)
    }

    @Test func importOrdersReportsEveryBadRowAsJSON() async throws {
        let csv = f.dir + "/orders.csv"
        try Data("order_ref,customer_id,sku,quantity\r\nX-1,C-001,P-40,2\r\nX-2,C-001,P-4O,1\r\nX-3,C-002,P-60,zero\r\n".utf8).write(to: URL(fileURLWithPath: csv))
        let r = try await CLIRunner.o2c(["import", "orders", csv, "--as", "arlo", "--db", f.path, "--json"])
        // arlo is an AR clerk: roles.yaml lets AR clerks create no orders.
        #expect(r.status == 1)
        #expect(r.json?["imported"] == .int(0))
        let rows = try #require(r.json?["rejected"]?.arrayValue)
        #expect(rows.contains { $0["line"] == .int(3) && $0["column"] == "sku" })
        #expect(rows.contains { $0["line"] == .int(4) && $0["column"] == "quantity" })
        #expect(rows.contains { $0["line"] == .int(2) && ($0["reason"]?.stringValue?.contains("denied") ?? false) })

        let missing = f.dir + "/missing.csv"
        try Data("order_ref,customer_id,sku\nX-1,C-001,P-40\n".utf8).write(to: URL(fileURLWithPath: missing))
        let refused = try await CLIRunner.o2c(["import", "orders", missing, "--as", "arlo", "--db", f.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("missing.csv:1: the header has no column 'quantity'"))
    }

    @Test func cashApplicationIsForPeopleWhoMayApplyPayments() async throws {
        _ = try f.ledger.addUser(name: "sam", role: .salesRep, approvalLimit: nil)
        let rep = try await CLIRunner.o2c(["cashapp", "run", "--as", "sam", "--db", f.path])
        #expect(rep.status == 3)
        #expect(rep.stderr.contains("may not apply payments"))
        let nobody = try await CLIRunner.o2c(["cashapp", "run", "--as", "zed", "--db", f.path])
        #expect(nobody.status == 1)
        let bad = try await CLIRunner.o2c(["cashapp", "run", "--as", "arlo", "--threshold", "101", "--db", f.path])
        #expect(bad.status == 2)
        let env = try await CLIRunner.o2c(["cashapp", "run", "--as", "arlo", "--db", f.path], env: ["O2C_CASHAPP_THRESHOLD": "abc"])
        #expect(env.status == 2)
        #expect(env.stderr.contains("O2C_CASHAPP_THRESHOLD='abc' is not a whole number"))
    }
}
