import Foundation
import O2CCore
import Testing

/// Found by `o2c-stress crash`: orders entered on a new ledger before its first worker started
/// (or while that worker was still starting) were taken for history and never carried on.
@Suite("o2c init starts the workflow", .serialized)
struct InitWorkflowCLITests {
    @Test("an order entered on a new demo ledger before any worker ran is reserved, shipped and invoiced by the first worker")
    func orderBeforeTheFirstWorkerIsCarriedOn() async throws {
        let db = try await CLITests.freshCopy()
        let created = try await CLITests.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--as", "sam", "--json", "--db", db],
                                             env: CLITests.home)
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(created.json?["result"]?["id"]?.stringValue)
        let worker = try await CLITests.o2c(["worker", "--until-idle", "--json", "--db", db], env: CLITests.home)
        #expect(worker.status == 0, "\(worker.stderr)")
        let order = try #require(try await CLITests.o2c(["orders", "show", id, "--json", "--db", db]).json)
        #expect(order["status"] == "invoiced")
    }

    @Test("the demo's history is still not replayed: the first worker on a new demo ledger finds no work")
    func demoHistoryIsNotReplayed() async throws {
        let db = try await CLITests.freshCopy()
        let worker = try await CLITests.o2c(["jobs", "list", "--json", "--db", db], env: CLITests.home)
        #expect(worker.status == 0, "\(worker.stderr)")
        let idle = try await CLITests.o2c(["worker", "--until-idle", "--json", "--db", db], env: CLITests.home)
        #expect(idle.status == 0, "\(idle.stderr)")
        let jobs = try await CLITests.o2c(["jobs", "list", "--json", "--db", db], env: CLITests.home)
        #expect(jobs.json?.arrayValue?.isEmpty == true, "\(jobs.stdout.prefix(500))")
    }
}
