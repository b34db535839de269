import ArgumentParser

/// `o2c agents lint`.
struct AgentsLintCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check every agent profile: tools, guardrail files, triggers, model, limits, prompt includes.")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let c = Settings.current.home.catalog()
        if output.json {
            Output.json(["agents": .int(c.profiles.count), "problems": .array(c.diagnostics.map { d in
                ["file": .string(d.file), "line": .int(d.line), "column": .int(d.column), "message": .string(d.message),
                 "suggestion": d.suggestion.map { .string($0) } ?? .null]
            })])
        } else {
            for d in c.diagnostics { print(d.description) }
            if c.diagnostics.isEmpty { print("\(c.profiles.count) agents, no problems") }
        }
        if !c.diagnostics.isEmpty { throw CLIExit(code: 1, message: output.json ? nil : "\(c.diagnostics.count) problem(s)") }
    }
}
