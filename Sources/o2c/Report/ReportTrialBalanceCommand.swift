import ArgumentParser
import O2CReportPages

/// `o2c report trial-balance`.
struct ReportTrialBalanceCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "trial-balance", abstract: "Balances of every account from the journal.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let l = try ledger.open()
        let r = try l.trialBalance()
        try output.emit(r, page: .trialBalance, company: try l.companyName()) {
            let rows = (r["accounts"]?.arrayValue ?? []).map { a in [Output.text(a["account"]), Output.text(a["name"]), Output.text(a["debit"]), Output.text(a["credit"])] }
            Output.table(["ACCOUNT", "NAME", "DEBIT", "CREDIT"], rows + [["", "TOTAL", Output.text(r["total_debit"]), Output.text(r["total_credit"])]])
            print(r["balanced"] == .bool(true) ? "balanced (\(Output.text(r["currency"])))" : "NOT BALANCED")
        }
    }
}
