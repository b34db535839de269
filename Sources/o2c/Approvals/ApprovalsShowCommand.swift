import ArgumentParser

/// `o2c approvals show ID`: everything needed to decide.
struct ApprovalsShowCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Everything needed to decide: arguments and their digest, the facts the rules saw, the trace.")
    @Argument(help: "Request id, e.g. AP-12.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let r = try await ledger.access().approval(id)
        if output.json { return Output.json(r) }
        ApprovalText.show(r)
    }
}
