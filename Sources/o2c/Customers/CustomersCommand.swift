import ArgumentParser

/// `o2c customers list|show`.
struct CustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customers", abstract: "Customers and their credit position.",
                                                    subcommands: [CustomersListCommand.self, CustomersShowCommand.self])
}
