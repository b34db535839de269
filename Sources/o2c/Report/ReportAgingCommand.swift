import ArgumentParser
import O2CCore
import O2CLedger
import O2CReportPages

/// `o2c report aging`.
struct ReportAgingCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging", abstract: "Open receivables by days past due (current, 1-30, 31-60, 61-90, 91-120, 120+), in base currency.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try ReportOutputOptions.checkDates(["--as-of": asOf])
    }

    func run() throws {
        let l = try ledger.open()
        let r = try l.agingReport(asOf: asOf.flatMap(BusinessDate.init(iso:)))
        try output.emit(r, page: .aging, company: try l.companyName()) { table(r) }
    }

    func table(_ r: JSONValue) {
        print("Aging as of \(Output.text(r["as_of"])) in \(Output.text(r["currency"]))")
        let rows = (r["customers"]?.arrayValue ?? []).map { c in
            [Output.text(c["customer_id"]), String(Output.text(c["name"]).prefix(24))] + Ledger.agingBuckets.map { Output.text(c["buckets"]?[$0]) }
                + [Output.text(c["total"])]
        }
        let total = ["TOTAL", ""] + Ledger.agingBuckets.map { Output.text(r["buckets"]?[$0]) } + [Output.text(r["total"])]
        Output.table(["CUSTOMER", "NAME"] + Ledger.agingBuckets.map { $0.uppercased() } + ["TOTAL"], rows + [total])
    }
}
