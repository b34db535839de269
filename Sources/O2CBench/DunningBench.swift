import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// Figures of one `o2c bench dunning` run.
public struct DunningBenchResult: Sendable {
    /// Open overdue invoices the run scanned.
    public let invoices: Int
    /// Customers they belong to.
    public let customers: Int
    /// Notices the run submitted through the gate (one per customer and level).
    public let notices: Int
    /// Of those, executed (written with their outbox e-mail).
    public let sent: Int
    /// Parked in the approval queue (level 3 waits for an AR clerk).
    public let pendingApproval: Int
    /// Denied by a guardrail or refused as invalid.
    public let refused: Int
    /// `place_credit_hold` proposals submitted with level-3 notices.
    public let creditHolds: Int
    /// Seconds to build the ledger (every order, reservation, shipment and invoice through the gate); not part of the figure.
    public let setupSeconds: Double
    /// Seconds of the dunning run alone: the overdue query, the plan, every template and every submission.
    public let runSeconds: Double
    /// Peak resident memory, MiB.
    public let peakRSSMiB: Double

    /// Invoices scanned per second of the run.
    public var invoicesPerSecond: Double { Double(invoices) / max(runSeconds, 1e-9) }
    /// Notices submitted per second of the run.
    public var noticesPerSecond: Double { Double(notices) / max(runSeconds, 1e-9) }

    /// `{invoices, customers, notices, sent, pending_approval, refused, credit_holds, run_seconds, invoices_per_second, notices_per_second, setup_seconds, peak_rss_mib}`.
    public var json: JSONValue {
        let n = LedgerBench.number
        return .object(JSONObject([
            ("invoices", .int(invoices)), ("customers", .int(customers)), ("notices", .int(notices)), ("sent", .int(sent)),
            ("pending_approval", .int(pendingApproval)), ("refused", .int(refused)), ("credit_holds", .int(creditHolds)),
            ("run_seconds", n(runSeconds, 3)), ("invoices_per_second", n(invoicesPerSecond, 1)), ("notices_per_second", n(noticesPerSecond, 1)),
            ("setup_seconds", n(setupSeconds, 1)), ("peak_rss_mib", n(peakRSSMiB, 1)),
        ]))
    }
}

/// `o2c bench dunning`: one dunning run (`DunningRun`, templates, as `system:workflow`) over
/// `invoices` open invoices of up to 5,000 customers (about 20 each, as in the cashapp bench),
/// issued evenly over 60 days with 30 days' terms (so while orders are taken no customer is more
/// than 30 days overdue, which the credit guardrails would park) and dunned 7 days after the last
/// one fell due: every invoice is overdue (7 to 66 days), so with the shipped levels each customer
/// gets a notice at each of the three levels. Building the ledger is not measured; the run is.
public enum DunningBench {
    static let start = BusinessDate(year: 2026, month: 1, day: 5)!
    static let issueDays = 60

    /// Runs the benchmark in `directory` (its files are removed afterwards) with `levels` and
    /// `policy` (the CLI passes O2C_HOME's); `progress` hears about the set-up.
    public static func run(invoices: Int, directory: String, levels: DunningLevels, policy: any ActionPolicy,
                           progress: ((String) -> Void)? = nil) throws -> DunningBenchResult {
        guard invoices >= 1 else { throw BenchError(message: "--invoices must be at least 1") }
        let path = directory + "/o2c-bench-dunning.sqlite"
        LedgerBench.remove(path)
        defer { LedgerBench.remove(path) }
        let clock = ManualClock(date: start)
        let ledger = try Ledger.create(path: path, companyName: "o2c dunning bench", baseCurrency: "EUR", clock: clock, policy: policy)
        let customers = min(5000, max(1, invoices / 20))
        try ledger.setUp(CashApplicationBench.masterData(customers: customers))

        let setupStarted = ContinuousClock.now
        var day = 0
        for n in 0..<invoices {
            let issueDay = n * issueDays / invoices
            if issueDay > day { clock.advance(seconds: 86_400 * (issueDay - day)); day = issueDay }
            _ = try CashApplicationBench.issueInvoice(ledger, n: n, customer: 1 + n % customers)
            if (n + 1) % 10_000 == 0 { progress?("\(n + 1) of \(invoices) invoices") }
        }
        let setup = Duration.since(setupStarted).inSeconds
        // The run's day is the ledger's today: the gate checks "overdue" against its clock.
        clock.advance(seconds: 86_400 * (30 + 7))
        let asOf = start.adding(days: day + 30 + 7)

        let runStarted = ContinuousClock.now
        let report = try DunningRun(ledger: ledger, levels: levels).run(asOf: asOf)
        let runSeconds = Duration.since(runStarted).inSeconds
        return DunningBenchResult(invoices: report.overdueInvoices, customers: customers, notices: report.lines.count, sent: report.count("sent"),
                                  pendingApproval: report.count("pending_approval"), refused: report.count("denied") + report.count("invalid"),
                                  creditHolds: report.lines.filter { $0.hold != nil }.count, setupSeconds: setup, runSeconds: runSeconds,
                                  peakRSSMiB: LedgerBench.peakRSSMiB())
    }
}
