import ArgumentParser

/// `o2c products list`.
struct ProductsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "products", abstract: "Products, prices and stock.",
                                                    subcommands: [ProductsListCommand.self])
}
