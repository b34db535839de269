import ArgumentParser

/// `o2c report aging|dso|cycle|revenue|forecast|trial-balance`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Reports on receivables and the books.",
                                                    subcommands: [ReportAgingCommand.self, ReportDSOCommand.self, ReportCycleCommand.self, ReportRevenueCommand.self,
                                                                  ReportForecastCommand.self, ReportTrialBalanceCommand.self])
}
