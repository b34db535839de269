import ArgumentParser

/// `o2c carriers list|set-status`: carriers, their preference and whether they are delayed.
struct CarriersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "carriers", abstract: "Carriers and their status (a delayed preferred carrier is replaced when orders ship).",
                                                    subcommands: [CarriersListCommand.self, CarriersSetStatusCommand.self])
}
