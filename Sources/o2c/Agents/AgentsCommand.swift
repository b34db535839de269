import ArgumentParser
import O2CAgents
import O2CCore

/// `o2c agents list|show|lint|run|test`.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "Agent profiles: list, show, lint, run, test.",
        subcommands: [AgentsListCommand.self, AgentsShowCommand.self, AgentsLintCommand.self, AgentsRunCommand.self, AgentsTestCommand.self])

    /// A profile of the home folder that loaded without problems, or exit with its problems.
    static func profile(_ name: String, in catalog: AgentCatalog) throws -> AgentProfile {
        guard let profile = catalog.profile(named: name) else {
            let hint = Suggest.closest(to: name, in: catalog.profiles.map(\.name)).map { " — did you mean '\($0)'?" } ?? ""
            throw CLIExit(code: 1, message: "no agent '\(name)' in \(Settings.current.home.agentsDirectory)\(hint); 'o2c agents list' shows them")
        }
        let problems = catalog.diagnostics.filter { $0.file == profile.file }
        if !problems.isEmpty {
            throw CLIExit(code: 1, message: "agent '\(name)' has problems; fix them first:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
        }
        return profile
    }
}
