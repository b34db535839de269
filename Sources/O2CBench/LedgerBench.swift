import Foundation
import GRDB
import O2CCore
import O2CDemo
import O2CLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Figures of one `o2c bench ledger` run (SPEC §13).
public struct LedgerBenchResult: Sendable {
    /// Orders taken through the whole cycle.
    public let orders: Int
    /// Threads submitting at once.
    public let concurrency: Int
    /// Commits that carried the cycles' actions (fewer than `actions` when group commit batched them).
    public let commits: Int
    /// Actions submitted through the gate (six per order).
    public let actions: Int
    /// Wall time of the cycles, in seconds.
    public let seconds: Double
    /// Orders through the whole cycle per second.
    public let ordersPerSecond: Double
    /// Gate actions (each its own transaction) per second.
    public let actionsPerSecond: Double
    /// Peak resident memory of the process, in MiB.
    public let peakRSSMiB: Double
    /// Single-row inserts per second into a plain SQLite table, one transaction each, same settings as the ledger.
    public let sqliteRawInsertsPerSecond: Double
    /// CPU time of the process per gate action, in microseconds (all threads).
    public let cpuMicrosecondsPerAction: Double
    /// CPU time per raw insert, in microseconds.
    public let sqliteRawCPUMicrosecondsPerInsert: Double

    /// Gate actions per raw insert: how close the ledger gets to what the disk allows.
    public var ratioToRaw: Double { sqliteRawInsertsPerSecond > 0 ? actionsPerSecond / sqliteRawInsertsPerSecond : 0 }
    /// The same ratio by CPU time (raw insert's CPU / action's CPU): what the gate costs against
    /// a bare insert, which a busy machine disturbs much less than the rates.
    public var cpuRatioToRaw: Double { cpuMicrosecondsPerAction > 0 ? sqliteRawCPUMicrosecondsPerInsert / cpuMicrosecondsPerAction : 0 }

    /// `{orders, concurrency, commits, orders_per_second, actions_per_second, peak_rss_mib, sqlite_raw_inserts_per_second, seconds, actions,
    /// ratio_to_raw, cpu_us_per_action, sqlite_raw_cpu_us_per_insert, cpu_ratio_to_raw}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("orders", .int(orders)),
            ("concurrency", .int(concurrency)),
            ("commits", .int(commits)),
            ("orders_per_second", LedgerBench.number(ordersPerSecond, 1)),
            ("actions_per_second", LedgerBench.number(actionsPerSecond, 1)),
            ("peak_rss_mib", LedgerBench.number(peakRSSMiB, 1)),
            ("sqlite_raw_inserts_per_second", LedgerBench.number(sqliteRawInsertsPerSecond, 1)),
            ("seconds", LedgerBench.number(seconds, 3)),
            ("actions", .int(actions)),
            ("ratio_to_raw", LedgerBench.number(ratioToRaw, 3)),
            ("cpu_us_per_action", LedgerBench.number(cpuMicrosecondsPerAction, 1)),
            ("sqlite_raw_cpu_us_per_insert", LedgerBench.number(sqliteRawCPUMicrosecondsPerInsert, 1)),
            ("cpu_ratio_to_raw", LedgerBench.number(cpuRatioToRaw, 3)),
        ]))
    }
}

/// `o2c bench ledger`: full order-to-cash cycles through the gate, measured against the raw
/// SQLite insert rate of the same machine and disk.
public enum LedgerBench {
    static let asOf = BusinessDate(year: 2026, month: 3, day: 16)!
    static let actor = Actor.workflow
    /// Customers the orders rotate over: USD, EUR (tax included) and GBP, so FX and both tax modes are in the path.
    static let customerCount = 12

    /// Runs `orders` orders through create_order (with its credit check), reserve_stock,
    /// ship_order, issue_invoice, record_payment and apply_payment — each its own gate
    /// transaction — in a fresh ledger in `directory`, then measures raw SQLite inserts there.
    /// The scratch database files are removed afterwards, unless `keep` (the ledger stays as
    /// `o2c-bench-ledger.sqlite`, e.g. to time reports and exports on it).
    /// Runs the benchmark; `policy` is the guardrail step every action passes (the CLI passes the
    /// shipped guardrails).
    /// With `concurrency` above one, that many threads submit at once (orders dealt round-robin)
    /// and share commits through the gate's group commit.
    public static func run(orders: Int, concurrency: Int = 1, directory: String, policy: any ActionPolicy = GuardrailSet.empty.policy(),
                           keep: Bool = false) throws -> LedgerBenchResult {
        guard orders >= 1 else { throw BenchError(message: "the ledger benchmark needs at least one order") }
        let ledgerPath = (directory as NSString).appendingPathComponent("o2c-bench-ledger.sqlite")
        let rawPath = (directory as NSString).appendingPathComponent("o2c-bench-raw.sqlite")
        remove(ledgerPath)
        remove(rawPath)
        defer {
            if !keep { remove(ledgerPath) }
            remove(rawPath)
        }

        let clock = ManualClock(date: asOf)
        let ledger = try Ledger.create(path: ledgerPath, companyName: "o2c bench", baseCurrency: "USD", clock: clock, policy: policy)
        let data = masterData(orders: orders)
        try ledger.setUp(data)
        let customers = data.customers.prefix(customerCount).map { ($0.id, $0.currency) }

        let cycle = Cycle(ledger: ledger, customers: customers)
        let commitsBefore = ledger.gateCommitStatistics.commits
        let started = ContinuousClock.now
        let cpuStarted = ProcessCPU.milliseconds()
        if concurrency <= 1 {
            for n in 0..<orders { try cycle.run(n) }
        } else {
            // C threads, each blocking in the gate like an HTTP handler or a worker would.
            let failure = Locked<(any Error)?>(nil)
            let group = DispatchGroup()
            for first in 0..<concurrency {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    for n in stride(from: first, to: orders, by: concurrency) {
                        do { try cycle.run(n) } catch { failure.withLock { $0 = $0 ?? error }; return }
                    }
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            group.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
        let actions = orders * Cycle.actions
        let commits = ledger.gateCommitStatistics.commits - commitsBefore
        let seconds = max(Duration.since(started).inSeconds, 1e-9)
        let cpuPerAction = (ProcessCPU.milliseconds() - cpuStarted) * 1000 / Double(actions)

        let raw = try rawInsertRate(path: rawPath)
        return LedgerBenchResult(orders: orders, concurrency: max(1, concurrency), commits: commits, actions: actions, seconds: seconds, ordersPerSecond: Double(orders) / seconds,
                                 actionsPerSecond: Double(actions) / seconds, peakRSSMiB: peakRSSMiB(), sqliteRawInsertsPerSecond: raw.perSecond,
                                 cpuMicrosecondsPerAction: cpuPerAction, sqliteRawCPUMicrosecondsPerInsert: raw.cpuMicroseconds)
    }

    /// One order's cycle: six gate actions, each checked to have executed.
    struct Cycle: Sendable {
        static let actions = 6
        static let skus = ["WID-100", "WID-101", "BRK-100", "CBL-103", "FLT-105", "MAN-100"]
        let ledger: Ledger
        let customers: [(String, String)]

        private func submit(_ action: ActionName, _ args: JSONValue) throws -> ActionResult {
            let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: actor))
            guard case .executed(let r) = outcome else {
                throw BenchError(message: "bench action \(action.rawValue) was \(outcome.name): \(outcome.messages.joined(separator: "; "))")
            }
            return r
        }

        func run(_ n: Int) throws {
            let (customer, currency) = customers[n % customers.count]
            let skus = Self.skus
            let lines: [JSONValue] = [
                ["sku": "WID-100", "quantity": .int(1 + n % 5)],
                ["sku": .string(skus[1 + n % (skus.count - 1)]), "quantity": .int(1 + n % 3)],
            ]
            let order = try submit(.createOrder, ["customer_id": .string(customer), "lines": .array(lines), "external_ref": .string("BENCH-\(n)")])
            guard order.extra["status"]?.stringValue == "approved" else {
                throw BenchError(message: "bench order \(order.id) was not confirmed: \(order.summary)")
            }
            _ = try submit(.reserveStock, ["order_id": .string(order.id)])
            _ = try submit(.shipOrder, ["order_id": .string(order.id)])
            let invoice = try submit(.issueInvoice, ["order_id": .string(order.id)])
            guard let total = invoice.extra["total"] else { throw BenchError(message: "invoice \(invoice.id) came back without a total") }
            let payment = try submit(.recordPayment, ["amount": total, "currency": .string(currency), "date": .string(asOf.iso),
                                                      "payer_name": .string(customer), "reference": .string(invoice.id),
                                                      "payment_ref": .string("BENCH-PAY-\(n)")])
            _ = try submit(.applyPayment, ["payment_id": .string(payment.id),
                                           "allocations": [["invoice_id": .string(invoice.id), "amount": total]]])
        }
    }

    /// The demo reference data with stock and credit room for `orders` orders.
    static func masterData(orders: Int) -> MasterData {
        var data = DemoData.masterData(seed: DemoData.defaultSeed, asOf: asOf)
        for k in data.stock.indices { data.stock[k].onHand += Int64(orders) * 6 }
        for k in data.customers.indices { data.customers[k].creditLimitMinor = 1_000_000_000_000 }
        return data
    }

    /// Inserts rows of about the size of a ledger row into a plain table, one transaction each,
    /// for about a second, with the ledger's settings (WAL, synchronous = NORMAL): inserts per
    /// second and the process's CPU time per insert in microseconds.
    static func rawInsertRate(path: String) throws -> (perSecond: Double, cpuMicroseconds: Double) {
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.prepareDatabase { db in try db.execute(sql: Ledger.connectionPragmas) }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.write { db in
                try db.execute(sql: "CREATE TABLE rows (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, amount_minor INTEGER NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL)")
            }
            let payload = String(repeating: "x", count: 200)
            let now = Date().iso8601
            var count = 0
            let started = ContinuousClock.now
            let cpuStarted = ProcessCPU.milliseconds()
            var seconds = 0.0
            while true {
                for _ in 0..<50 {
                    count += 1
                    let n = count
                    try pool.write { db in
                        try db.execute(sql: "INSERT INTO rows (kind, ref, amount_minor, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                                       arguments: ["order", "SO-\(n)", n * 100, payload, now])
                    }
                }
                seconds = Duration.since(started).inSeconds
                if seconds >= 1 || count >= 2_000_000 { break }
            }
            return (Double(count) / max(seconds, 1e-9), (ProcessCPU.milliseconds() - cpuStarted) * 1000 / Double(max(count, 1)))
        } catch {
            throw BenchError(message: "the raw SQLite insert benchmark failed at \(path): \(error)")
        }
    }

    /// Peak resident set size of this process in MiB (VmHWM on Linux, ru_maxrss elsewhere).
    public static func peakRSSMiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
                return kb / 1024
            }
        }
        #if canImport(Darwin)
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Double(usage.ru_maxrss) / 1_048_576
        #else
        return 0
        #endif
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A JSON number with `decimals` digits after the point (rates are not money; doubles are fine).
    public static func number(_ value: Double, _ decimals: Int) -> JSONValue {
        guard value.isFinite else { return .number("0") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        return .number(Money.format(minor: scaled, exponent: decimals))
    }
}
