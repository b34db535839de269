import ArgumentParser

/// `o2c cashapp run`.
struct CashappCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cashapp", abstract: "Cash application: match payments to open invoices.",
                                                    subcommands: [CashappRunCommand.self])
}
