import ArgumentParser

/// `o2c payments list|show`.
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "payments", abstract: "Payments received.",
                                                    subcommands: [PaymentsListCommand.self, PaymentsShowCommand.self])
}
