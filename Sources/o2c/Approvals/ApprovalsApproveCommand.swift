import ArgumentParser

/// `o2c approvals approve ID`: the last approval executes the action exactly once.
struct ApprovalsApproveCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a request; the last approval executes it exactly once.",
        discussion: """
            The request is read first and the approval is bound to the digest of its arguments (or --digest, the one \\
            'approvals show' printed): when the request no longer has it, nothing happens. Exit code 4 when the rules \\
            now ask for more than was approved.
            """)
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await ApprovalText.decide(decision, approving: true, ledger: ledger, actor: actor, json: output.json)
    }
}
