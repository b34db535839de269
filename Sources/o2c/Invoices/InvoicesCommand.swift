import ArgumentParser

/// `o2c invoices list|show`.
struct InvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoices", abstract: "Invoices.",
                                                    subcommands: [InvoicesListCommand.self, InvoicesShowCommand.self])
}
