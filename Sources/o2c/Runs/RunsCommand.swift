import ArgumentParser

/// `o2c runs list|show`.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Stored agent runs (traces).",
                                                    subcommands: [RunsListCommand.self, RunsShowCommand.self])
}
