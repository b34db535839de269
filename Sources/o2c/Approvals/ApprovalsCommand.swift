import ArgumentParser

/// `o2c approvals list|show|approve|reject|review` (SPEC §8): on a local ledger acting as `--as`,
/// or over `o2c serve` as the token's user (SPEC §8.1).
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals", abstract: "The human-approval queue.",
        subcommands: [ApprovalsListCommand.self, ApprovalsShowCommand.self, ApprovalsApproveCommand.self, ApprovalsRejectCommand.self,
                      ApprovalsReviewCommand.self])

    static let statuses = ["pending", "approved", "rejected", "expired", "executed", "failed"]
}
