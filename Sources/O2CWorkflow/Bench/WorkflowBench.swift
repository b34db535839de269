import Foundation
import O2CCore
import O2CLedger

/// `o2c bench workflow --orders N`: orders from capture to invoiced and sent through the worker,
/// each action its own gate transaction (create, reserve, ship, invoice, send: five per order),
/// on a fresh ledger behind the given policy.
public enum WorkflowBench {
    /// The figures of one run.
    public struct Result: Sendable {
        /// Orders entered.
        public let orders: Int
        /// Orders that reached `invoiced` with their invoice sent.
        public let invoiced: Int
        /// Seconds to enter the orders (one gate transaction each).
        public let captureSeconds: Double
        /// Seconds for the worker to carry them to invoiced.
        public let workerSeconds: Double
        /// Jobs the worker ran.
        public let jobs: Int

        /// `{orders, invoiced, capture_seconds, worker_seconds, orders_per_second, jobs_per_second, actions_per_second}`.
        public var json: JSONValue {
            let total = captureSeconds + workerSeconds
            func rate(_ n: Int, _ s: Double) -> JSONValue { .number(String(format: "%.1f", s > 0 ? Double(n) / s : 0)) }
            return ["orders": .int(orders), "invoiced": .int(invoiced), "capture_seconds": .number(String(format: "%.3f", captureSeconds)),
                    "worker_seconds": .number(String(format: "%.3f", workerSeconds)), "orders_per_second": rate(invoiced, total),
                    "jobs": .int(jobs), "jobs_per_second": rate(jobs, workerSeconds), "actions_per_second": rate(invoiced * 5, total)]
        }
    }

    /// Runs the benchmark in `path` (a new file).
    public static func run(path: String, orders: Int, policy: any ActionPolicy) async throws -> Result {
        let ledger = try Ledger.create(path: path, companyName: "Bench Co", baseCurrency: "USD", policy: policy)
        var m = MasterData()
        m.currencies = [.init(code: "USD", rates: [])]
        m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825])]
        m.customers = [.init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 900_000_000_000,
                             owner: "bench-rep", email: "ap@acme.test", region: "US-CA")]
        m.products = [.init(sku: "WID-100", name: "Widget", family: "widgets", taxCategory: "standard", prices: ["USD": 1999], alternatives: [])]
        m.warehouses = [("WH-1", "Main")]
        m.stock = [.init(sku: "WID-100", warehouse: "WH-1", onHand: Int64(orders) * 3 + 10)]
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1), .init(code: "DHL", name: "DHL", preferredRank: 2)]
        try ledger.setUp(m)
        _ = try ledger.addUser(name: "bench-rep", role: .salesRep, approvalLimit: nil)
        let worker = Workflow(routing: .stages, handlers: .stages).worker(ledger: ledger, owner: "bench")
        try await worker.start()
        let t0 = ContinuousClock.now
        for k in 0..<orders {
            let outcome = try ledger.submit(ActionRequest(action: .createOrder, args: [
                "customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": .int(1 + k % 3)]], "external_ref": .string("PO-\(k)"),
            ], actor: .user("bench-rep")))
            guard case .executed = outcome else { throw JobFailure("order \(k) was not entered: \(outcome.json.serialized())") }
        }
        let t1 = ContinuousClock.now
        let report = try await worker.drain()
        let t2 = ContinuousClock.now
        let sent = report.runs.filter { $0.job.kind == JobKind.sendInvoice && $0.outcome == .done && $0.detail["outcome"]?.stringValue == "executed" }.count
        return Result(orders: orders, invoiced: sent, captureSeconds: (t1 - t0).inSeconds, workerSeconds: (t2 - t1).inSeconds, jobs: report.runs.count)
    }
}
