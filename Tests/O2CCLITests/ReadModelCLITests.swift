import Foundation
import O2CCore
import Testing

/// `orders|invoices|customers show --json` print the same document on a ledger file and over
/// `o2c serve`: the remote CLI decodes the server's answer into the same read model.
@Suite("Typed reads over the CLI", .serialized)
struct ReadModelCLITests {
    @Test func localAndRemoteShowPrintTheSameDocument() async throws {
        try await ServeProcess.run { server in
            let orders = try #require(try await CLITests.o2c(["orders", "list", "--status", "paid", "--limit", "1", "--json", "--db", server.db]).json)
            let order = try #require(orders[0]?["id"]?.stringValue)
            let shown = try await CLITests.o2c(["orders", "show", order, "--json", "--db", server.db])
            let invoice = try #require(shown.json?["invoice_id"]?.stringValue)
            let customer = try #require(shown.json?["customer_id"]?.stringValue)
            for args in [["orders", "show", order], ["invoices", "show", invoice], ["customers", "show", customer]] {
                let local = try await CLITests.o2c(args + ["--json", "--db", server.db])
                let remote = try await CLITests.o2c(args + ["--json"], env: server.env(as: "alice"))
                #expect(local.status == 0 && remote.status == 0, "\(args): \(local.stderr)\(remote.stderr)")
                #expect(local.json != nil && local.stdout == remote.stdout, "\(args)")
            }
            #expect(shown.json?.objectValue?.keys == ["id", "customer_id", "status", "currency", "total", "net", "tax", "discount_percent",
                                                      "order_date", "lines", "external_ref", "invoice_id", "shipment", "history"])
        }
    }
}
