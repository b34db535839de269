import ArgumentParser

/// `o2c jobs list|show|retry`: the workflow's durable jobs (SPEC §12, JOURNEYS §5).
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "The workflow's jobs: what ran, what waits, what is stuck.",
                                                    subcommands: [JobsListCommand.self, JobsShowCommand.self, JobsRetryCommand.self])
}
