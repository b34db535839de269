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
        if listing.json { return Output.json(.array(rows.map(\.json))) }
        Output.table(["RUN", "AGENT", "STATE", "STARTED", "TOKENS", "WAITING FOR"], rows.map { r in
            [r.runID, r.agent, r.state, r.startedAt, "\(r.usage.inputTokens)+\(r.usage.outputTokens)", r.approvalIDs.joined(separator: ",")]
        })
    }
}
