import ArgumentParser

/// `o2c import orders|payments FILE`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import orders (CSV) or payments (CSV or ISO 20022 camt.053) through the gate.",
        discussion: """
            Importing the same file twice creates nothing new (order_ref / payment_ref / the bank's entry reference are idempotency keys).
            Exit codes: 0 all imported, 1 some rows rejected or the file refused, 4 some documents wait for approval.
            """,
        subcommands: [ImportOrdersCommand.self, ImportPaymentsCommand.self])
}
