import ArgumentParser
import O2CAgents
import O2CCore

/// `o2c agents show NAME`: exactly what the model receives.
struct AgentsShowCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print exactly what the model receives: the system prompt and the tool schemas.")
    @Argument(help: "Agent name.") var name: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let home = Settings.current.home
        let profile = try AgentsCommand.profile(name, in: home.catalog())
        let content = try home.contentGuard()
        let opened = try? ledger.open()
        let company = (try? opened?.companyName()) ?? "the company"
        let today = opened?.clock.today() ?? SystemClock().today()
        let system = try home.assembler().systemPrompt(for: profile, company: company, today: today, untrustedDataRule: content.untrustedDataRule)
        let tools = ToolRegistry.standard.tools(for: profile)
        if output.json {
            return Output.json(["agent": .string(profile.name), "system_prompt": .string(system),
                                "tools": .array(tools.map { ["name": .string($0.name), "effect": .string($0.effect.rawValue),
                                                             "description": .string($0.description), "parameters": $0.schema] })])
        }
        print("=== system prompt ===")
        print(system)
        print("\n=== tools ===")
        for t in tools {
            print("\(t.name) (\(t.effect.rawValue)): \(t.description)")
            print(t.schema.serialized(pretty: true).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        }
    }
}
