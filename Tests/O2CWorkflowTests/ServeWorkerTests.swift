import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import O2CServer
import O2CWorkflow
import Testing

/// `o2c serve` runs the worker beside the API: an order taken over HTTP is carried to invoiced,
/// the worker's series appear at /metrics, and the worker stops with the server.
@Suite("Worker beside the HTTP server")
struct ServeWorkerTests {
    @Test func anOrderTakenOverHTTPIsInvoicedByTheWorkerBesideTheServer() async throws {
        let f = try WorkflowFixture()
        let token = try f.ledger.rotateToken(name: "sam").token
        var config = ServerConfig(ledger: f.ledger, home: O2CHome(WorkflowFixture.root), port: 0)
        config.logger.logLevel = .warning
        config.services = [WorkerService(worker: try f.worker(), pollSeconds: 0.05)]
        let server = try await ServerHandle.start(config: config)
        let outcome: Result<Void, any Error>
        do {
            let transport = CurlTransport()
            let created = try await transport.send(HTTPRequestSpec(
                method: "POST", url: "http://127.0.0.1:\(server.port)/v1/orders",
                headers: ["Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": "po-1"],
                body: Array(#"{"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 4}]}"#.utf8), timeoutSeconds: 30))
            #expect(created.status == 201)
            let order = try #require(try JSONParser().parse(String(decoding: created.body, as: UTF8.self))["id"]?.stringValue)
            // Wait (bounded) for the worker to carry it through; no assertion on how long it took.
            for _ in 0..<1200 where try f.status(order) != "invoiced" { try await Task.sleep(for: .milliseconds(25)) }
            #expect(try f.status(order) == "invoiced")
            let metrics = try await transport.send(HTTPRequestSpec(method: "GET", url: "http://127.0.0.1:\(server.port)/metrics", timeoutSeconds: 30))
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(text.contains("o2c_workflow_jobs_total{"), "\(text.prefix(2000))")
            #expect(text.contains(#"kind="issue_invoice""#))
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // The server and the worker stop together, gracefully.
        await server.shutdown()
        try outcome.get()
        #expect(try f.ledger.jobs(status: .running).isEmpty)
    }
}
