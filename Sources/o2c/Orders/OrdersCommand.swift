import ArgumentParser

/// `o2c orders list|show|create`.
struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Sales orders.",
                                                    subcommands: [OrdersListCommand.self, OrdersShowCommand.self, OrdersCreateCommand.self, OrdersIngestCommand.self])
}
