import ArgumentParser
import Foundation
import O2CAgents
import O2CCashApplication
import O2CCore
import O2CLedger
import O2CWorkflow

/// The workflow of the home folder for the CLI: the stages (cash application at
/// `$O2C_CASHAPP_THRESHOLD`), and the agents' triggers run against the model each profile names
/// (none configured: review items).
enum WorkflowSetup {
    static func make(ledger: Ledger) throws -> Workflow {
        let home = Settings.current.home
        let catalog = home.catalog()
        let profiles = catalog.profiles.filter { p in !catalog.diagnostics.contains { $0.file == p.file } }
        let config = try Settings.current.requireConfig()
        let assembler = home.assembler(), content = try home.contentGuard()
        var runners: [String: AgentRunner] = [:]
        for model in Set(profiles.map(\.model)) {
            let settings = config.modelSettings(named: model)
            runners[model] = AgentRunner(ledger: ledger, assembler: assembler, content: content, client: settings.client(),
                                         modelOverride: settings.model, requestTimeoutSeconds: settings.timeoutSeconds)
        }
        let fallback = AgentRunner(ledger: ledger, assembler: assembler, content: content, client: nil)
        let table = runners
        var workflow = Workflow.standard(profiles: profiles) { table[$0.model] ?? fallback }
        // Cash application on payment.received, at the threshold `o2c cashapp run` uses.
        let threshold: Int
        do { threshold = try CashApplicationSettings.threshold() } catch { throw CLIExit(code: 2, message: error.message) }
        workflow.handlers.register(JobKind.cashApplication, CashApplicationHandler(settings: CashApplicationSettings(threshold: threshold, actor: .workflow)))
        do { workflow.installMail(transport: try MailSettings.transport(environment: ProcessInfo.processInfo.environment, home: home.path,
                                                                      configURL: config.smtpURL)) } catch {
            throw CLIExit(code: 1, message: error.message)
        }
        return workflow
    }

    /// Whether any profile's model has an endpoint.
    static var modelConfigured: Bool {
        let config = Settings.current.file
        return Settings.current.home.catalog().profiles.contains { config.modelSettings(named: $0.model).isConfigured }
    }
}
