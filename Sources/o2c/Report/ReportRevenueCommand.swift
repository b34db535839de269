import ArgumentParser
import O2CCore
import O2CLedger
import O2CReportPages

/// `o2c report revenue [--from DATE] [--as-of DATE] [--json] [--html FILE]`.
struct ReportRevenueCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "revenue", abstract: "Revenue by month: in base currency from the journal, and net invoiced less credited per document currency.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var period: ReportPeriodOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let l = try ledger.open()
        let r = try l.revenueReport(from: period.fromDate, asOf: period.asOfDate)
        try output.emit(r, page: .revenue, company: try l.companyName()) {
            let base = Output.text(r["base_currency"])
            print("Revenue by month as of \(Output.text(r["as_of"]))")
            var rows: [[String]] = []
            for m in r["months"]?.arrayValue ?? [] {
                rows.append([Output.text(m["month"]), base, Output.text(m["revenue_base"]), "", ""])
                for c in m["currencies"]?.arrayValue ?? [] {
                    rows.append(["", Output.text(c["currency"]), Output.text(c["revenue"]), Output.text(c["invoiced_net"]), Output.text(c["credited_net"])])
                }
            }
            Output.table(["MONTH", "CURRENCY", "REVENUE", "INVOICED NET", "CREDITED NET"], rows)
        }
    }
}
