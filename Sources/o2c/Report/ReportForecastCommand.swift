import ArgumentParser
import O2CCore
import O2CLedger
import O2CReportPages

/// `o2c report forecast [--weeks N] [--as-of DATE] [--json] [--html FILE]`.
struct ReportForecastCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Expected collections per week from open invoices and each customer's observed lateness, in base currency.",
        discussion: """
            Each open invoice is expected on its due date plus its customer's median lateness over its invoices paid in full
            (the company's median for a customer with none); past expected dates fall in week 1; disputed invoices are
            listed apart, not forecast. README.md ('Reports') explains the method.
            """)
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @Option(help: "Weeks ahead.") var weeks = 13
    @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if weeks < 1 || weeks > 104 { throw ValidationError("--weeks must be between 1 and 104") }
        try ReportOutputOptions.checkDates(["--as-of": asOf])
    }

    func run() throws {
        let l = try ledger.open()
        let r = try l.forecastReport(weeks: weeks, asOf: asOf.flatMap(BusinessDate.init(iso:)))
        try output.emit(r, page: .forecast, company: try l.companyName()) {
            let cur = Output.text(r["currency"])
            print("Expected collections as of \(Output.text(r["as_of"])) in \(cur) (company median lateness \(Output.text(r["company_median_lateness_days"])) days)")
            let rows = (r["weeks"]?.arrayValue ?? []).map { w in
                [Output.text(w["week"]), Output.text(w["from"]) + " – " + Output.text(w["to"]), Output.text(w["invoices"]), Output.text(w["expected"])]
            }
            Output.table(["WEEK", "DATES", "INVOICES", "EXPECTED"], rows + [
                ["later", "", Output.text(r["later_invoices"]), Output.text(r["later"])],
                ["disputed", "(not forecast)", Output.text(r["disputed_invoices"]), Output.text(r["disputed"])],
                ["TOTAL", "", "", Output.text(r["total"])],
            ])
        }
    }
}
