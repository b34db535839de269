import ArgumentParser

/// `o2c users list`.
struct UsersListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let users = try ledger.open().users()
        let rows = listing.cut(users.map(\.json), "users")
        if listing.json { return Output.json(.array(rows)) }
        Output.table(["NAME", "ROLE", "APPROVAL LIMIT", "ACCESS"], rows.map { u in
            [Output.text(u["name"]), Output.text(u["role"]), u["approval_limit"] == .null ? "no limit" : Output.text(u["approval_limit"]),
             u["revoked"] == .bool(true) ? "revoked" : "active"]
        })
    }
}
