import ArgumentParser
import Foundation

/// `o2c approvals reject ID --note TEXT`.
struct ApprovalsRejectCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a request (a note is required).")
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if (decision.note ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("a rejection needs --note TEXT saying why") }
    }

    func run() async throws {
        try await ApprovalText.decide(decision, approving: false, ledger: ledger, actor: actor, json: output.json)
    }
}
