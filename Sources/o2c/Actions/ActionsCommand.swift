import ArgumentParser

/// `o2c actions list|submit`.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions", abstract: "The ledger actions and their JSON Schemas; submit one through the gate.",
        subcommands: [ActionsListCommand.self, ActionsSubmitCommand.self])
}
