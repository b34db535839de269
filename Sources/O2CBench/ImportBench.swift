import Foundation
import O2CCore
import O2CDocuments
import O2CLedger

/// Figures of one `o2c bench import` run.
public struct ImportBenchResult: Sendable {
    /// CSV rows imported.
    public let rows: Int
    /// Orders they formed.
    public let orders: Int
    /// Wall time of the import (both passes, every order through the gate), seconds.
    public let seconds: Double
    /// Peak resident memory of the process before the import (ledger and reference data), MiB.
    public let rssBeforeMiB: Double
    /// Peak resident memory after it, MiB.
    public let peakRSSMiB: Double
    /// Size of the CSV file, bytes.
    public let fileBytes: Int

    /// Rows per second.
    public var rowsPerSecond: Double { Double(rows) / max(seconds, 1e-9) }

    /// `{rows, orders, seconds, rows_per_second, orders_per_second, file_mib, rss_before_mib, peak_rss_mib}`.
    public var json: JSONValue {
        let n = LedgerBench.number
        return .object(JSONObject([
            ("rows", .int(rows)), ("orders", .int(orders)), ("seconds", n(seconds, 3)), ("rows_per_second", n(rowsPerSecond, 1)),
            ("orders_per_second", n(Double(orders) / max(seconds, 1e-9), 1)), ("file_mib", n(Double(fileBytes) / 1_048_576, 1)),
            ("rss_before_mib", n(rssBeforeMiB, 1)), ("peak_rss_mib", n(peakRSSMiB, 1)),
        ]))
    }
}

/// `o2c bench import`: a generated CSV of `rows` order rows (four per order, quoted fields and
/// CRLF line ends included) imported into a fresh ledger through the gate, as a user.
public enum ImportBench {
    /// Runs the benchmark in `directory` (its files are removed afterwards).
    public static func run(rows: Int, directory: String, policy: any ActionPolicy) throws -> ImportBenchResult {
        let ledgerPath = directory + "/o2c-bench-import.sqlite"
        let csvPath = directory + "/o2c-bench-orders.csv"
        LedgerBench.remove(ledgerPath)
        LedgerBench.remove(csvPath)
        defer {
            LedgerBench.remove(ledgerPath)
            LedgerBench.remove(csvPath)
        }

        let ledger = try Ledger.create(path: ledgerPath, companyName: "o2c import bench", baseCurrency: "USD",
                                       clock: ManualClock(date: BusinessDate(iso: "2026-11-25")!), policy: policy)
        var m = MasterData()
        m.currencies = [.init(code: "USD", rates: [])]
        m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825])]
        m.customers = (1...100).map { k in
            .init(id: "C-\(1000 + k)", name: "Bench Customer \(k)", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 1_000_000_000_000,
                  owner: "bench", email: "c\(k)@bench.test", region: "US-CA")
        }
        m.products = (1...50).map { k in
            .init(sku: "SKU-\(100 + k)", name: "Product \(k)", family: "bench", taxCategory: "standard", prices: ["USD": Int64(199 + 37 * k)], alternatives: [])
        }
        m.warehouses = [("WH-1", "Main")]
        m.stock = m.products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: 1_000_000) }
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1)]
        try ledger.setUp(m)
        _ = try ledger.addUser(name: "bench", role: .admin, approvalLimit: nil)

        // The file: written in pieces, never held whole.
        guard FileManager.default.createFile(atPath: csvPath, contents: nil) else { throw BenchError(message: "cannot create \(csvPath)") }
        guard let out = FileHandle(forWritingAtPath: csvPath) else { throw BenchError(message: "cannot write \(csvPath)") }
        var text = "order_ref,customer_id,sku,quantity,unit_price,currency,requested_date\r\n"
        for r in 0..<rows {
            let order = r / 4
            let price = r % 7 == 0 ? "\"\(25 + r % 90).50\"" : ""  // above the list: no price rule fires
            text += "BENCH-\(order),C-\(1001 + order % 100),SKU-\(101 + r % 50),\(1 + r % 9),\(price),USD,2026-12-0\(1 + order % 9)\r\n"
            if text.utf8.count > 60_000 {
                out.write(Data(text.utf8))
                text = ""
            }
        }
        out.write(Data(text.utf8))
        try out.close()
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? Int) ?? 0

        let before = LedgerBench.peakRSSMiB()
        let started = ContinuousClock.now
        let report: ImportReport
        do {
            report = try OrderImporter(ledger: ledger, actor: .user("bench")).run(path: csvPath)
        } catch {
            throw BenchError(message: error.description)
        }
        let seconds = Duration.since(started).inSeconds
        guard report.rejectedCount == 0, report.imported == (rows + 3) / 4 else {
            throw BenchError(message: "the bench import did not import every order: \(report.imported) imported, \(report.rejectedCount) rows rejected \(report.rejected.prefix(3).map(\.reason))")
        }
        return ImportBenchResult(rows: rows, orders: report.imported, seconds: seconds, rssBeforeMiB: before, peakRSSMiB: LedgerBench.peakRSSMiB(),
                                 fileBytes: fileBytes)
    }
}
