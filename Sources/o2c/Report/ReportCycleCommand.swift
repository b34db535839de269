import ArgumentParser
import O2CCore
import O2CLedger
import O2CReportPages

/// `o2c report cycle [--from DATE] [--as-of DATE] [--json] [--html FILE]`.
struct ReportCycleCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle", abstract: "Median and 90th percentile days per stage: order → invoice, invoice → paid, order → paid.",
        discussion: "Over the invoices issued from --from (default: all) to --as-of; paid = paid in full, on the date of its last payment.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var period: ReportPeriodOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let l = try ledger.open()
        let r = try l.cycleReport(from: period.fromDate, asOf: period.asOfDate)
        try output.emit(r, page: .cycle, company: try l.companyName()) {
            print("Order-to-cash cycle as of \(Output.text(r["as_of"])) (days)")
            Output.table(["STAGE", "INVOICES", "MEDIAN", "P90"], (r["stages"]?.arrayValue ?? []).map { s in
                [Output.text(s["stage"]).replacingOccurrences(of: "_", with: " "), Output.text(s["count"]), Output.text(s["median_days"]), Output.text(s["p90_days"])]
            })
        }
    }
}
