import ArgumentParser

/// `o2c report aging|dso|trial-balance`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports on receivables and the books.",
                                                    subcommands: [ReportAgingCommand.self, ReportDSOCommand.self, ReportTrialBalanceCommand.self])
}
