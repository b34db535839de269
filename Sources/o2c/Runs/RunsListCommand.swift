import ArgumentParser

/// `o2c runs list`.
struct RunsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only this agent's runs.") var agent: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let rows = listing.cut(try ledger.open().runs(agent: agent, limit: listing.fetch), "runs")
        if listing.json { return Output.json(.array(rows)) }
        Output.table(["RUN", "AGENT", "STATE", "STARTED", "TOKENS", "WAITING FOR"], rows.map { r in
            [Output.text(r["run_id"]), Output.text(r["agent"]), Output.text(r["state"]), Output.text(r["started_at"]),
             "\(Output.text(r["usage"]?["input_tokens"]))+\(Output.text(r["usage"]?["output_tokens"]))",
             (r["approval_ids"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")]
        })
    }
}
