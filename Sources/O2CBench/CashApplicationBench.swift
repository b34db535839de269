import Foundation
import O2CCashApplication
import O2CCore
import O2CDocuments
import O2CLedger

/// Figures of one `o2c bench cashapp` run.
public struct CashApplicationBenchResult: Sendable {
    /// Open invoices in the ledger.
    public let invoices: Int
    /// Payments matched.
    public let payments: Int
    /// Seconds to build the ledger (every invoice and payment through the gate).
    public let setupSeconds: Double
    /// Seconds to read the snapshot and propose a match for every payment (no writes).
    public let matchSeconds: Double
    /// Seconds of the whole run: snapshot, matching, every application through the gate, match records.
    public let runSeconds: Double
    /// What the run did.
    public let applied: Int
    /// Parked in the approval queue.
    public let pendingApproval: Int
    /// Left to the agent and the queue.
    public let unmatched: Int
    /// Peak resident memory, MiB.
    public let peakRSSMiB: Double
    /// The worker's way, one payment at a time (up to 200, nothing written): milliseconds per
    /// payment to read every open invoice, build the matcher and propose, as before stop 22.
    public let workerFullMsPerPayment: Double
    /// The same with the payment's scoped snapshot (`CashMatcher.scope(for:)`), as the worker does now.
    public let workerScopedMsPerPayment: Double

    /// Proposals per second (matching alone).
    public var matchesPerSecond: Double { Double(payments) / max(matchSeconds, 1e-9) }
    /// Payments per second of the whole run.
    public var paymentsPerSecond: Double { Double(payments) / max(runSeconds, 1e-9) }

    /// `{invoices, payments, matches_per_second, match_seconds, run_seconds, payments_per_second, applied, pending_approval, unmatched, setup_seconds,
    /// peak_rss_mib, worker_full_ms_per_payment, worker_scoped_ms_per_payment}`.
    public var json: JSONValue {
        let n = LedgerBench.number
        return .object(JSONObject([
            ("invoices", .int(invoices)), ("payments", .int(payments)), ("matches_per_second", n(matchesPerSecond, 1)), ("match_seconds", n(matchSeconds, 3)),
            ("run_seconds", n(runSeconds, 3)), ("payments_per_second", n(paymentsPerSecond, 1)), ("applied", .int(applied)),
            ("pending_approval", .int(pendingApproval)), ("unmatched", .int(unmatched)), ("setup_seconds", n(setupSeconds, 1)),
            ("peak_rss_mib", n(peakRSSMiB, 1)), ("worker_full_ms_per_payment", n(workerFullMsPerPayment, 3)),
            ("worker_scoped_ms_per_payment", n(workerScopedMsPerPayment, 3)),
        ]))
    }
}

/// `o2c bench cashapp`: `payments` payments against `invoices` open invoices of 5,000 customers
/// (about 20 each, inside the combination bound). Payments are built from invoices: half quote the
/// invoice id, a fifth write it another way, a tenth give its RF reference, a sixth give only the
/// payer's name, the rest come from unknown payers.
public enum CashApplicationBench {
    /// Runs the benchmark in `directory` (its files are removed afterwards); `progress` hears about the set-up.
    public static func run(invoices: Int, payments: Int, directory: String, policy: any ActionPolicy,
                           progress: ((String) -> Void)? = nil) throws -> CashApplicationBenchResult {
        guard invoices >= 1, payments >= 1, payments <= invoices else { throw BenchError(message: "--payments must be between 1 and --invoices") }
        let path = directory + "/o2c-bench-cashapp.sqlite"
        LedgerBench.remove(path)
        defer { LedgerBench.remove(path) }
        let ledger = try Ledger.create(path: path, companyName: "o2c cashapp bench", baseCurrency: "EUR",
                                       clock: ManualClock(date: BusinessDate(iso: "2026-11-25")!), policy: policy)
        let customers = min(5000, max(1, invoices / 20))
        try ledger.setUp(masterData(customers: customers))
        let setupStarted = ContinuousClock.now
        var created: [(id: String, customer: Int, total: String)] = []
        created.reserveCapacity(invoices)
        for n in 0..<invoices {
            let customer = 1 + n % customers
            let invoice = try issueInvoice(ledger, n: n, customer: customer)
            created.append((invoice.id, customer, invoice.extra["total"]?.stringValue ?? "0"))
            if (n + 1) % 10_000 == 0 { progress?("\(n + 1) of \(invoices) invoices") }
        }
        for p in 0..<payments {
            let inv = created[(p * 7919) % created.count]
            var args: JSONObject = ["amount": .string(inv.total), "currency": "EUR", "date": "2026-11-25", "payment_ref": .string("BENCH-\(p)")]
            switch p % 20 {
            case 0..<10: args["reference"] = .string("Payment \(inv.id)")
            case 10..<14: args["reference"] = .string("inv " + inv.id.dropFirst(4) + " thanks")
            case 14..<16: args["structured_reference"] = CreditorReference.forInvoice(inv.id).map { .string($0) }
            case 16..<19: args["payer_name"] = .string("KUNDE \(inv.customer) HANDEL GMBH")
            default:
                args["payer_name"] = .string("Unknown Payer \(p)")
                args["amount"] = .string("\(1 + p % 997).\(10 + p % 89)")
            }
            _ = try submit(ledger, .recordPayment, .object(args))
            if (p + 1) % 10_000 == 0 { progress?("\(p + 1) of \(payments) payments") }
        }
        let setup = Duration.since(setupStarted).inSeconds

        // Matching alone: the snapshot and a proposal for every payment, nothing written.
        let matchStarted = ContinuousClock.now
        let matcher = CashMatcher(snapshot: try ledger.cashApplicationSnapshot())
        var proposed = 0
        for payment in try ledger.paymentsForMatching() where !matcher.propose(payment).allocations.isEmpty { proposed += 1 }
        let matchSeconds = Duration.since(matchStarted).inSeconds
        _ = proposed

        // The worker's way: one payment at a time, every open invoice against the payment's scope.
        let sample = try ledger.paymentsForMatching(limit: 200)
        var same = 0
        let fullStarted = ContinuousClock.now
        var fullProposals: [MatchProposal] = []
        for payment in sample { fullProposals.append(CashMatcher(snapshot: try ledger.cashApplicationSnapshot()).propose(payment)) }
        let fullMs = Duration.since(fullStarted).inMilliseconds / Double(max(1, sample.count))
        let scopedStarted = ContinuousClock.now
        for (k, payment) in sample.enumerated() {
            if try CashApplication.scopedMatcher(for: payment, ledger: ledger).propose(payment) == fullProposals[k] { same += 1 }
        }
        let scopedMs = Duration.since(scopedStarted).inMilliseconds / Double(max(1, sample.count))
        guard same == sample.count else {
            throw BenchError(message: "the scoped snapshot proposed differently for \(sample.count - same) of \(sample.count) payments")
        }

        let runStarted = ContinuousClock.now
        let summary = try CashApplication.runAll(ledger: ledger)
        let runSeconds = Duration.since(runStarted).inSeconds
        return CashApplicationBenchResult(invoices: invoices, payments: summary.payments, setupSeconds: setup, matchSeconds: matchSeconds,
                                          runSeconds: runSeconds, applied: summary.applied, pendingApproval: summary.pendingApproval,
                                          unmatched: summary.unmatched, peakRSSMiB: LedgerBench.peakRSSMiB(), workerFullMsPerPayment: fullMs,
                                          workerScopedMsPerPayment: scopedMs)
    }

    /// `customers` EUR customers `C-10001`… ("Kunde K Handel GmbH", 30 days' terms, no credit
    /// worry), 40 products with stock for any bench, one warehouse and one carrier.
    static func masterData(customers: Int) -> MasterData {
        var m = MasterData()
        m.currencies = [.init(code: "EUR", rates: [])]
        m.taxRegions = [.init(code: "EU", name: "Europe", pricesIncludeTax: false, ratesBP: ["standard": 1900])]
        m.customers = (1...max(1, customers)).map { k in
            .init(id: "C-\(10000 + k)", name: "Kunde \(k) Handel GmbH", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 1_000_000_000_000,
                  owner: "bench", email: "c\(k)@bench.test", region: "EU")
        }
        m.products = (1...40).map { k in
            .init(sku: "SKU-\(100 + k)", name: "Product \(k)", family: "bench", taxCategory: "standard", prices: ["EUR": Int64(1000 + 7919 * k % 50_000)], alternatives: [])
        }
        m.warehouses = [("WH-1", "Main")]
        m.stock = m.products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: 1_000_000_000) }
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1)]
        return m
    }

    /// Invoice number `n` of a bench ledger, for customer `C-(10000 + customer)`: an order of one
    /// to three lines picked by a multiplicative hash of `n` instead of random draws (every run
    /// builds the same ledger), reserved, shipped and invoiced, each through the gate.
    static func issueInvoice(_ ledger: Ledger, n: Int, customer: Int) throws -> ActionResult {
        let h = Int((UInt64(n + 1) &* 0x9E37_79B9_7F4A_7C15) >> 20)
        let lines: [JSONValue] = (0..<(1 + h % 3)).map { k in
            ["sku": .string("SKU-\(101 + (h >> (6 + k * 6)) % 40)"), "quantity": .int(1 + (h >> (24 + k * 5)) % 20)]
        }
        let order = try submit(ledger, .createOrder, ["customer_id": .string("C-\(10000 + customer)"), "lines": .array(lines)])
        _ = try submit(ledger, .reserveStock, ["order_id": .string(order.id)])
        _ = try submit(ledger, .shipOrder, ["order_id": .string(order.id)])
        return try submit(ledger, .issueInvoice, ["order_id": .string(order.id)])
    }

    /// Submits one bench action as `system:workflow`; any outcome but executed stops the bench.
    static func submit(_ ledger: Ledger, _ action: ActionName, _ args: JSONValue) throws -> ActionResult {
        let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: .workflow))
        guard case .executed(let r) = outcome else { throw BenchError(message: "bench \(action.rawValue) was \(outcome.name): \(outcome.messages)") }
        return r
    }
}
