import ArgumentParser
import O2CWorkflow

/// `o2c dunning lint`.
struct DunningLintCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check dunning/levels.yaml under O2C_HOME; each problem as file:line:column.")
    @OptionGroup var global: GlobalOptions
    func run() throws {
        let levels = try DunningCommand.levels()
        print("\(DunningLevels.path(home: Settings.current.home.path)): \(levels.levels.count) levels OK")
    }
}
