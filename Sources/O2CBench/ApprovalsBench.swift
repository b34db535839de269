import Foundation
import O2CCore
import O2CLedger

/// `o2c bench approvals`: how long listing the approval queue takes on a large ledger.
public struct ApprovalsBenchResult: Sendable {
    /// Orders in the ledger.
    public let orders: Int
    /// Pending requests in the queue.
    public let requests: Int
    /// Seconds to build the ledger (not part of the figure).
    public let setupSeconds: Double
    /// Milliseconds to list every pending request, in process (median of the runs).
    public let listMillis: Double
    /// The path of the ledger built (so the CLI can be timed against it).
    public let path: String

    /// `{orders, requests, list_ms, setup_seconds}`.
    public var json: JSONValue {
        ["orders": .int(orders), "requests": .int(requests), "list_ms": LedgerBench.number(listMillis, 2),
         "setup_seconds": LedgerBench.number(setupSeconds, 1)]
    }
}

/// Builds a ledger with many orders and many pending requests, then times the queue listing.
public enum ApprovalsBench {
    /// `orders` orders through the gate (create_order), then `requests` agent proposals parked in
    /// the queue; then lists the queue `runs` times.
    public static func run(orders: Int, requests: Int, directory: String, runs: Int = 5) throws -> ApprovalsBenchResult {
        let path = directory + "/approvals-bench.sqlite"
        LedgerBench.remove(path)
        let started = ContinuousClock.now
        let clock = ManualClock(date: LedgerBench.asOf)
        let ledger = try Ledger.create(path: path, companyName: "o2c bench", baseCurrency: "USD", clock: clock, policy: GuardrailSet.empty.policy())
        try ledger.setUp(LedgerBench.masterData(orders: orders))
        let customers = try ledger.customers().map(\.id)
        var ids: [String] = []
        for n in 0..<orders {
            let outcome = try ledger.submit(ActionRequest(action: .createOrder, args: [
                "customer_id": .string(customers[n % customers.count]), "lines": [["sku": "WID-100", "quantity": .int(1 + n % 7)]],
            ], actor: .workflow))
            if case .executed(let r) = outcome, ids.count < requests { ids.append(r.id) }
        }
        for n in 0..<requests {
            let order = ids[n % max(ids.count, 1)]
            _ = try ledger.submit(ActionRequest(action: .applyDiscount, args: [
                "order_id": .string(order), "discount_percent": .int(1 + n % 12), "reason": "bench",
            ], actor: .agent("order-intake", runID: "RUN-B\(n)"), reason: "benchmark proposal \(n)"))
        }
        let setup = Duration.since(started).inSeconds
        var times: [Double] = []
        var listed = 0
        for _ in 0..<max(runs, 1) {
            let t = ContinuousClock.now
            listed = try ledger.approvalRequests(status: "pending", limit: requests).count
            times.append(Duration.since(t).inMilliseconds)
        }
        times.sort()
        return ApprovalsBenchResult(orders: orders, requests: listed, setupSeconds: setup, listMillis: times[times.count / 2], path: path)
    }
}
