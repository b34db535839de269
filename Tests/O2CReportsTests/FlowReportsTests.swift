import Foundation
import O2CCore
import O2CDemo
@testable import O2CLedger
import O2CReportPages
import Testing

/// `report cycle|revenue|forecast` on the demo ledger, and the report pages in headless chromium.
@Suite("Reports and report pages", .serialized)
struct FlowReportsTests {
    static let asOf = BusinessDate(iso: "2026-11-25") ?? BusinessDate(dayNumber: 0)

    static let demo: Result<String, any Error> = Result {
        let path = NSTemporaryDirectory() + "o2c-reports-\(UUID().uuidString).sqlite"
        let clock = ManualClock(date: DemoData.historyStart(asOf: asOf))
        let ledger = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
        try ledger.setUp(DemoData.masterData(seed: 42, asOf: asOf))
        _ = try DemoData.populate(ledger, clock: clock, seed: 42, asOf: asOf)
        return path
    }

    /// The demo, built off Swift's cooperative threads (it takes seconds).
    static func ledger() async throws -> Ledger { try Ledger.open(path: try await blocking { demo }.get(), policy: DemoData.policy) }

    static func minor(_ v: JSONValue?) -> Int64 { Int64((v?.stringValue ?? "x").filter { $0 != "." }) ?? Int64.min }

    @Test func percentilesAreNearestRank() {
        #expect(Ledger.percentile([], 50) == nil)
        #expect(Ledger.percentile([7], 90) == 7)
        #expect(Ledger.percentile([1, 2, 3, 4], 50) == 2)
        #expect(Ledger.percentile(Array(1...10), 90) == 9)
        #expect(Ledger.percentile(Array(1...11), 90) == 10)
    }

    @Test func cycleGivesEveryStageWithTheMedianAtMostTheP90() async throws {
        let r = try await Self.ledger().cycleReport(asOf: Self.asOf)
        let stages = r["stages"]?.arrayValue ?? []
        #expect(stages.map { $0["stage"]?.stringValue ?? "" } == Ledger.cycleStages)
        for s in stages {
            let median = try #require(s["median_days"]?.intValue), p90 = try #require(s["p90_days"]?.intValue)
            #expect((s["count"]?.intValue ?? 0) > 50 && median >= 0 && median <= p90, "\(s)")
        }
        // order → paid is at least order → invoice for the median invoice (paid after issued).
        #expect((stages[2]["median_days"]?.intValue ?? 0) >= (stages[0]["median_days"]?.intValue ?? 0))
        let none = try await Self.ledger().cycleReport(from: Self.asOf.adding(days: 1), asOf: Self.asOf)
        #expect(none["stages"]?[0]?["count"]?.intValue == 0 && none["stages"]?[0]?["median_days"] == .null)
    }

    @Test func revenueInBaseAddsUpToTheJournalsRevenueAccount() async throws {
        let ledger = try await Self.ledger()
        let r = try ledger.revenueReport(asOf: Self.asOf)
        let months = r["months"]?.arrayValue ?? []
        #expect(months.count >= 6)
        let sum = months.reduce(Int64(0)) { $0 + Self.minor($1["revenue_base"]) }
        let tb = try ledger.trialBalance()
        let revenue = try #require((tb["accounts"]?.arrayValue ?? []).first { $0["account"]?.stringValue == Account.revenue.rawValue })
        #expect(sum == Self.minor(revenue["credit"]) - Self.minor(revenue["debit"]))
        let codes = Set(months.flatMap { ($0["currencies"]?.arrayValue ?? []).compactMap { $0["currency"]?.stringValue } })
        #expect(codes == ["USD", "EUR", "GBP"])
    }

    @Test func forecastPlacesEveryOpenAmountOnceAndAgreesWithAging() async throws {
        let ledger = try await Self.ledger()
        let f = try ledger.forecastReport(weeks: 13, asOf: Self.asOf)
        let weeks = f["weeks"]?.arrayValue ?? []
        #expect(weeks.count == 13 && weeks.first?["from"]?.stringValue == "2026-11-25" && weeks.last?["to"]?.stringValue == "2027-02-23")
        let placed = weeks.reduce(Int64(0)) { $0 + Self.minor($1["expected"]) } + Self.minor(f["later"]) + Self.minor(f["disputed"])
        #expect(placed == Self.minor(f["total"]))
        #expect(Self.minor(f["total"]) == Self.minor(try ledger.agingReport(asOf: Self.asOf)["total"]))
        #expect(Self.minor(weeks[0]["expected"]) > 0, "overdue invoices land in week 1")
        #expect(Self.minor(f["disputed"]) > 0, "the demo has disputed invoices, reported apart")
    }

    static func pages() async throws -> [(ReportPage.Kind, String)] {
        let l = try await ledger()
        return [
            (.aging, ReportPage.html(.aging, try l.agingReport(asOf: asOf), company: "Northwind Supplies Inc.")),
            (.dso, ReportPage.html(.dso, try l.dsoReport(days: 90, asOf: asOf), company: "Northwind Supplies Inc.")),
            (.cycle, ReportPage.html(.cycle, try l.cycleReport(asOf: asOf), company: "Northwind Supplies Inc.")),
            (.revenue, ReportPage.html(.revenue, try l.revenueReport(asOf: asOf), company: "Northwind Supplies Inc.")),
            (.forecast, ReportPage.html(.forecast, try l.forecastReport(asOf: asOf), company: "Northwind Supplies Inc.")),
            (.trialBalance, ReportPage.html(.trialBalance, try l.trialBalance(), company: "Northwind Supplies Inc.")),
        ]
    }

    @Test func pagesAreSelfContainedWithChartsAndNoScripts() async throws {
        for (kind, html) in try await Self.pages() {
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("</html>"), "\(kind)" )
            for forbidden in ["http://", "https://", "<script", "<link", "<img", "url(", "@import", "<iframe"] {
                #expect(!html.lowercased().contains(forbidden), "\(kind) page contains \(forbidden)")
            }
        }
        let pages = try await Self.pages()
        let aging = try #require(pages.first?.1)
        #expect(aging.contains("USD") && aging.contains(",") && aging.contains("<rect"))
        let evil = ReportPage.html(.dso, try await Self.ledger().dsoReport(days: 90, asOf: Self.asOf), company: "<script src=\"https://x.example/a.js\"></script>&")
        #expect(!evil.contains("<script") && evil.contains("&lt;script src=&quot;https://x.example/a.js&quot;&gt;&lt;/script&gt;&amp;"))
    }

    /// Two pages (stacked bars, weekly bars) and a blank one: chromium is heavy on two cores
    /// shared with the rest of the suite; the other pages are built from the same pieces.
    @Test func chromiumRendersThePagesAsNonBlankScreenshots() async throws {
        for (kind, html) in try await Self.pages() where kind == .aging || kind == .forecast {
            let shot = try await PageShot.take(html)
            let m = try #require(shot.measure, "\(kind): no screenshot measured (exit \(shot.status)): \(shot.log)")
            #expect(m.inked * 20 > m.pixels && m.colors > 20, "\(kind): \(m.inked) of \(m.pixels) pixels inked, \(m.colors) colours in \(shot.png)")
        }
        // The measure tells a blank page: an empty body is all background.
        let blankShot = try await PageShot.take("<!DOCTYPE html><html><body></body></html>")
        let blank = try #require(blankShot.measure)
        #expect(blank.inked == 0 && blank.colors == 1)
    }
}
