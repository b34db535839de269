import ArgumentParser
import O2CCore

/// `o2c approvals list`: the queue, oldest and largest first.
struct ApprovalsListCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List requests, oldest and largest first.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "pending, approved, rejected, expired, executed or failed (default: pending).") var status: String?
    @Option(help: "Only requests that need this approver role.") var role: String?
    @Flag(help: "Every status.") var all = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let status, !ApprovalsCommand.statuses.contains(status) {
            throw ValidationError("--status must be one of \(ApprovalsCommand.statuses.joined(separator: ", "))")
        }
        if let role, Role(rawValue: role) == nil {
            throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let access = try ledger.access()
        let rows = listing.cut(try await access.approvals(status: all ? nil : (status ?? "pending"), role: role, limit: listing.fetch), "requests")
        if listing.json { return Output.json(.array(rows)) }
        let now = access.now()
        Output.table(["ID", "AGE", "STATUS", "ACTION", "CUSTOMER", "AMOUNT", "ASKED BY", "WHY", "RULE"], rows.map { r in
            let rules = (r["rules"]?.arrayValue ?? []).map { "\(Output.text($0["file"])):\(Output.text($0["name"]))" }
            return [Output.text(r["id"]), Output.age(since: Output.text(r["created_at"]), now: now), Output.text(r["status"]), Output.text(r["action"]),
                    Output.text(r["customer_id"]), ApprovalText.amount(r), ApprovalText.askedBy(r), String(Output.text(r["reason"]).prefix(40)),
                    rules.joined(separator: ", ")]
        })
    }
}
