import ArgumentParser

/// `o2c invoices list|show|export`.
struct InvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoices", abstract: "Invoices.",
                                                    subcommands: [InvoicesListCommand.self, InvoicesShowCommand.self, InvoicesExportCommand.self])
}
