import ArgumentParser

/// The options every command takes, as SwiftPM's commands take its global options.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Settings file (default: $O2C_CONFIG, or o2c.yaml in the current directory).", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Folder holding agents/, prompts/, guardrails/, dunning/, outbox/ (default: $O2C_HOME, o2c.yaml home, or the current directory).",
                               valueName: "dir"))
    var home: String?
}
