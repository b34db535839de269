import ArgumentParser
import O2CCore
import O2CReportPages

/// `o2c report dso`.
struct ReportDSOCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "dso", abstract: "Days sales outstanding over the last N days.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @Option(help: "Window in days.") var days = 90
    @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if days < 1 || days > 3650 { throw ValidationError("--days must be between 1 and 3650") }
        if let asOf, BusinessDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date like 2026-11-25") }
    }

    func run() throws {
        let l = try ledger.open()
        let r = try l.dsoReport(days: days, asOf: asOf.flatMap(BusinessDate.init(iso:)))
        try output.emit(r, page: .dso, company: try l.companyName()) {
            let cur = Output.text(r["currency"])
            print("DSO over \(days) days as of \(Output.text(r["as_of"])): \(Output.text(r["dso"])) days")
            print("  receivables \(Output.text(r["receivables"])) \(cur); credit sales in the window \(Output.text(r["credit_sales"])) \(cur)")
        }
    }
}
