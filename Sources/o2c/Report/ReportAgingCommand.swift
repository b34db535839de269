import ArgumentParser
import O2CCore
import O2CLedger

/// `o2c report aging`.
struct ReportAgingCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "aging", abstract: "Open receivables by days past due (current, 1-30, 31-60, 61-90, 91-120, 120+), in base currency.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let asOf, BusinessDate(iso: asOf) == nil { throw ValidationError("--as-of must be a date like 2026-11-25") }
    }

    func run() throws {
        let r = try ledger.open().agingReport(asOf: asOf.flatMap(BusinessDate.init(iso:)))
        if output.json { return Output.json(r) }
        print("Aging as of \(Output.text(r["as_of"])) in \(Output.text(r["currency"]))")
        let rows = (r["customers"]?.arrayValue ?? []).map { c in
            [Output.text(c["customer_id"]), String(Output.text(c["name"]).prefix(24))] + Ledger.agingBuckets.map { Output.text(c["buckets"]?[$0]) }
                + [Output.text(c["total"])]
        }
        let total = ["TOTAL", ""] + Ledger.agingBuckets.map { Output.text(r["buckets"]?[$0]) } + [Output.text(r["total"])]
        Output.table(["CUSTOMER", "NAME"] + Ledger.agingBuckets.map { $0.uppercased() } + ["TOTAL"], rows + [total])
    }
}
