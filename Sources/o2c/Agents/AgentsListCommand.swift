import ArgumentParser

/// `o2c agents list`.
struct AgentsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the agents of agents/.")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let c = Settings.current.home.catalog()
        if output.json {
            return Output.json(.array(c.profiles.map { p in
                ["name": .string(p.name), "description": .string(p.description), "tools": .array(p.tools.map { .string($0) }),
                 "triggers": .array(p.triggers.map { .string($0) }), "guardrails": .array(p.guardrails.map { .string($0) })]
            }))
        }
        Output.table(["AGENT", "DESCRIPTION", "TOOLS", "TRIGGERS"], c.profiles.map { p in
            [p.name, p.description, String(p.tools.count), p.triggers.joined(separator: ",")]
        })
        if !c.diagnostics.isEmpty { print("\(c.diagnostics.count) problem(s): run 'o2c agents lint'") }
    }
}
