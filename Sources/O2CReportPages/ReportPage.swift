import O2CCore
import O2CEInvoice
import O2CLedger

/// One self-contained HTML page for a report (`o2c report ... --html FILE`): inline CSS and
/// inline SVG charts, no scripts, no fonts, images or styles from anywhere else, every text from
/// the ledger escaped. It renders the report's JSON as the CLI prints it, so the page and
/// `--json` always say the same.
public enum ReportPage {
    /// Which report.
    public enum Kind: String, Sendable {
        /// Open receivables by days past due: stacked bars per customer.
        case aging
        /// Days sales outstanding: the figure and its parts.
        case dso
        /// Days per order-to-cash stage: median and p90 bars.
        case cycle
        /// Revenue by month: a line per currency.
        case revenue
        /// Expected collections: weekly bars.
        case forecast
        /// Every account's balance from the journal: debit and credit bars.
        case trialBalance = "trial-balance"
    }

    /// The page for `report` (the JSON of `Ledger.agingReport`, `dsoReport`, `cycleReport`,
    /// `revenueReport` or `forecastReport`).
    public static func html(_ kind: Kind, _ report: JSONValue, company: String) -> String {
        let (title, body) = switch kind {
        case .aging: ("Receivables aging", aging(report))
        case .dso: ("Days sales outstanding", dso(report))
        case .cycle: ("Order-to-cash cycle", cycle(report))
        case .revenue: ("Revenue by month", revenue(report))
        case .forecast: ("Expected collections, next \(report["weeks"]?.arrayValue?.count ?? 0) weeks", forecast(report))
        case .trialBalance: ("Trial balance", trialBalance(report))
        }
        let asOf = report["as_of"].map { " · as of " + text($0) } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) — \(esc(company))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d232b}
            main{max-width:960px;margin:24px auto;padding:0 16px}
            header{background:#1d3557;color:#fff;padding:20px 24px;border-radius:10px}
            header h1{margin:0 0 4px;font-size:24px} header p{margin:0;opacity:.85}
            section{background:#fff;border-radius:10px;margin-top:16px;padding:16px 20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
            h2{font-size:17px;margin:0 0 10px} svg{width:100%;height:auto;display:block}
            table{border-collapse:collapse;width:100%;font-size:13px} th,td{padding:5px 8px;border-bottom:1px solid #e6e8eb;text-align:right;white-space:nowrap}
            th:first-child,td:first-child{text-align:left;white-space:normal} th{background:#f0f2f5} tr.total td{font-weight:600;border-top:2px solid #999}
            .figure{font-size:48px;font-weight:700;color:#1d3557} .note{color:#555;font-size:13px}
            </style></head>
            <body><main>
            <header><h1>\(esc(title))</h1><p>\(esc(company + asOf))</p></header>
            \(body)
            </main></body></html>

            """
    }

    // MARK: the reports

    static func aging(_ r: JSONValue) -> String {
        let cur = text(r["currency"])
        let fmt = money(cur)
        let customers = (r["customers"]?.arrayValue ?? []).sorted { minor($0["total"]) > minor($1["total"]) }
        let top = Array(customers.prefix(15))
        let series = Ledger.agingBuckets.enumerated().map { k, b in
            SVGChart.Series(name: b == "current" ? "not yet due" : b + " days", color: SVGChart.palette[k], values: top.map { minor($0["buckets"]?[b]) })
        }
        let chart = SVGChart().bars(categories: top.map { text($0["customer_id"]) }, series: series, format: fmt, title: "Open receivables by customer")
        let totals = SVGChart().bars(categories: Ledger.agingBuckets, series: [SVGChart.Series(name: cur, color: "#1d3557",
                                     values: Ledger.agingBuckets.map { minor(r["buckets"]?[$0]) })], format: fmt, title: "Open receivables by age")
        let plain = money(cur, code: false)
        let rows = customers.map { c in [text(c["customer_id"]) + " " + text(c["name"])] + Ledger.agingBuckets.map { plain(minor(c["buckets"]?[$0])) } + [plain(minor(c["total"]))] }
        let total = ["Total"] + Ledger.agingBuckets.map { plain(minor(r["buckets"]?[$0])) } + [plain(minor(r["total"]))]
        return section("Open receivables: \(fmt(minor(r["total"])))", totals)
            + section("The \(top.count) largest balances, by days past due", chart)
            + section("Every customer (\(cur))", table(["Customer"] + Ledger.agingBuckets.map { $0 == "current" ? "not yet due" : $0 + " days" } + ["Total"], rows, total: total))
    }

    static func dso(_ r: JSONValue) -> String {
        let fmt = money(text(r["currency"]))
        let chart = SVGChart().bars(categories: ["receivables today", "credit sales, last \(text(r["days"])) days"], series: [
            SVGChart.Series(name: text(r["currency"]), color: "#1d3557", values: [minor(r["receivables"]), minor(r["credit_sales"])]),
        ], format: fmt, title: "Receivables and credit sales")
        return section("Over the last \(text(r["days"])) days", """
            <div class="figure">\(esc(text(r["dso"]))) days</div>
            <p class="note">Receivables \(esc(fmt(minor(r["receivables"])))) ÷ credit sales \(esc(fmt(minor(r["credit_sales"])))) × \(esc(text(r["days"]))) days.</p>
            """ + chart)
    }

    static func cycle(_ r: JSONValue) -> String {
        let stages = r["stages"]?.arrayValue ?? []
        let labels = stages.map { text($0["stage"]).replacingOccurrences(of: "_to_", with: " → ") }
        let days = { (v: Int64) in "\(v) days" }
        let chart = SVGChart().bars(categories: labels, series: [
            SVGChart.Series(name: "median", color: "#1565c0", values: stages.map { Int64($0["median_days"]?.intValue ?? 0) }),
            SVGChart.Series(name: "90th percentile (on top of the median)", color: "#90caf9",
                            values: stages.map { Int64(($0["p90_days"]?.intValue ?? 0) - ($0["median_days"]?.intValue ?? 0)) }),
        ], format: days, title: "Days per stage")
        let rows = zip(labels, stages).map { [$0, text($1["count"]), text($1["median_days"]), text($1["p90_days"])] }
        return section("Days per stage", chart) + section("Figures", table(["Stage", "Invoices", "Median days", "90th percentile days"], rows, total: nil))
    }

    static func revenue(_ r: JSONValue) -> String {
        let months = r["months"]?.arrayValue ?? []
        let base = text(r["base_currency"])
        let labels = months.map { text($0["month"]) }
        var html = section("Revenue in \(base) (from the journal)", SVGChart().lines(
            categories: labels, series: [SVGChart.Series(name: base + " (all currencies)", color: "#1d3557", values: months.map { minor($0["revenue_base"]) })],
            format: money(base), title: "Revenue in base currency"))
        let currencies = Set(months.flatMap { ($0["currencies"]?.arrayValue ?? []).map { text($0["currency"]) } }).sorted()
        for (k, code) in currencies.enumerated() {
            let values = months.map { m in minor((m["currencies"]?.arrayValue ?? []).first { text($0["currency"]) == code }?["revenue"]) }
            html += section("Invoiced less credited, net of tax, in \(code)", SVGChart().lines(
                categories: labels, series: [SVGChart.Series(name: code, color: SVGChart.palette[(k + 6) % SVGChart.palette.count], values: values)],
                format: money(code), title: "Revenue in \(code)"))
        }
        let rows = months.map { m in [text(m["month"]), money(base)(minor(m["revenue_base"]))]
            + currencies.map { code in money(code)(minor((m["currencies"]?.arrayValue ?? []).first { text($0["currency"]) == code }?["revenue"])) } }
        return html + section("Figures", table(["Month", base + " (journal)"] + currencies, rows, total: nil))
    }

    static func forecast(_ r: JSONValue) -> String {
        let fmt = money(text(r["currency"]))
        let weeks = r["weeks"]?.arrayValue ?? []
        let chart = SVGChart().bars(categories: weeks.map { "W" + text($0["week"]) }, series: [
            SVGChart.Series(name: text(r["currency"]), color: "#2e7d32", values: weeks.map { minor($0["expected"]) }),
        ], format: fmt, title: "Expected collections per week")
        let rows = weeks.map { w in ["Week \(text(w["week"])): \(text(w["from"])) – \(text(w["to"]))", text(w["invoices"]), fmt(minor(w["expected"]))] }
            + [["Later", text(r["later_invoices"]), fmt(minor(r["later"]))], ["Disputed (not forecast)", text(r["disputed_invoices"]), fmt(minor(r["disputed"]))]]
        return section("Expected collections per week", chart + """
            <p class="note">Each open invoice is expected on its due date plus its customer's median lateness over invoices it paid in full
            (company median: \(esc(text(r["company_median_lateness_days"]))) days); past dates fall in week 1; disputed invoices are not forecast.</p>
            """) + section("Figures", table(["Week", "Invoices", "Expected"], rows, total: ["Total", "", fmt(minor(r["total"]))]))
    }

    static func trialBalance(_ r: JSONValue) -> String {
        let cur = text(r["currency"])
        let accounts = (r["accounts"]?.arrayValue ?? []).filter { minor($0["debit"]) != 0 || minor($0["credit"]) != 0 }
        let chart = SVGChart().bars(categories: accounts.map { text($0["account"]) }, series: [
            SVGChart.Series(name: "debit", color: "#1565c0", values: accounts.map { minor($0["debit"]) }),
            SVGChart.Series(name: "credit", color: "#ef6c00", values: accounts.map { minor($0["credit"]) }),
        ], format: money(cur), title: "Balances by account")
        let plain = money(cur, code: false)
        let rows = (r["accounts"]?.arrayValue ?? []).map { [text($0["account"]) + " " + text($0["name"]), plain(minor($0["debit"])), plain(minor($0["credit"]))] }
        let verdict = r["balanced"] == .bool(true) ? "Debits equal credits." : "NOT BALANCED: debits and credits differ."
        return section("Balances by account (\(cur))", chart + "<p class=\"note\">\(esc(verdict))</p>")
            + section("Accounts (\(cur))", table(["Account", "Debit", "Credit"], rows, total: ["Total", plain(minor(r["total_debit"])), plain(minor(r["total_credit"]))]))
    }

    // MARK: pieces

    static func section(_ title: String, _ content: String) -> String { "<section><h2>\(esc(title))</h2>\n\(content)\n</section>\n" }

    static func table(_ headers: [String], _ rows: [[String]], total: [String]?) -> String {
        var html = "<table><tr>" + headers.map { "<th>\(esc($0))</th>" }.joined() + "</tr>\n"
        for r in rows { html += "<tr>" + r.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n" }
        if let total { html += "<tr class=\"total\">" + total.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n" }
        return html + "</table>"
    }

    static func esc(_ s: String) -> String { XMLText.escape(s) }

    static func text(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: return s
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "yes" : "no"
        default: return "—"
        }
    }

    /// A decimal string as minor units (its digits without the point), 0 when it is not one.
    static func minor(_ v: JSONValue?) -> Int64 {
        let s = text(v)
        let negative = s.hasPrefix("-")
        let digits = s.drop { $0 == "-" }.filter { $0 != "." }
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let n = Int64(String(digits)) else { return 0 }
        return negative ? -n : n
    }

    /// Formats minor units of `currency` with grouping (exponent 2 unless the amount strings say
    /// otherwise; the reports give base and document currencies at their own exponents).
    static func money(_ currency: String, code: Bool = true) -> (Int64) -> String {
        let exponent = ["JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3][currency] ?? 2
        return { Money.format(minor: $0, exponent: exponent, grouping: true) + (code ? " " + currency : "") }
    }
}
