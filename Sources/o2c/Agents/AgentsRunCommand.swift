import ArgumentParser
import O2CAgents

/// `o2c agents run NAME --input TEXT`: one run against the configured model, printing its trace.
struct AgentsRunCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an agent once against the configured model endpoint and print its trace.")
    @Argument(help: "Agent name.") var name: String
    @Option(help: "The input: an e-mail, a purchase order, a question.") var input: String
    @OptionGroup var actor: ActorOptions
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = Settings.current.home
        let profile = try AgentsCommand.profile(name, in: home.catalog())
        // The user who starts the run is recorded; they cannot approve what it proposes.
        let user = try actor.actorIfGiven()
        if let user, user.kind != .user { throw CLIExit(code: 2, message: "agents run --as takes the user who asks (a user name), not \(user)") }
        let settings = try Settings.current.requireConfig().modelSettings(named: profile.model)
        let runner = AgentRunner(ledger: try ledger.openGated(), assembler: home.assembler(), content: try home.contentGuard(),
                                 client: settings.client(), modelOverride: settings.model, requestTimeoutSeconds: settings.timeoutSeconds)
        let result = await runner.run(profile, input: input, onBehalfOf: user?.name)
        if output.json {
            Output.json(result.json)
        } else {
            print("\(result.runID) \(profile.name): \(result.state.rawValue)\(result.reason.map { " — \($0)" } ?? "")")
            for c in result.toolCalls { print("  \(c.tool) \(c.arguments.serialized()) → \(c.outcome)\(c.approvalID.map { " (\($0))" } ?? "")") }
            if !result.answer.isEmpty { print("\n" + result.answer) }
            print("\ntokens: \(result.inputTokens) in, \(result.outputTokens) out · trace: o2c runs show \(result.runID)")
            if !settings.isConfigured {
                print("No model endpoint is configured: set O2C_LLM_BASE_URL (and O2C_LLM_MODEL, O2C_LLM_API_KEY) for OpenAI, Anthropic (O2C_LLM_PROVIDER=anthropic) or a local Ollama / vLLM / llama.cpp server.")
            }
        }
        switch result.state {
        case .completed: return
        case .waitingApproval: throw CLIExit(code: 4, message: nil)
        case .incomplete, .failed: throw CLIExit(code: 1, message: nil)
        }
    }
}
