import ArgumentParser
import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CWorkflow
import ServiceLifecycle

/// The workflow of `O2C_HOME` for the CLI: the stages, and the agents' triggers run against the
/// model each profile names (none configured: review items).
enum WorkflowSetup {
    static func make(ledger: Ledger) throws -> Workflow {
        let catalog = Home.catalog()
        let profiles = catalog.profiles.filter { p in !catalog.diagnostics.contains { $0.file == p.file } }
        let config = try Config.require()
        let assembler = Home.assembler(), content = try Home.content()
        var runners: [String: AgentRunner] = [:]
        for model in Set(profiles.map(\.model)) {
            let settings = config.modelSettings(named: model)
            runners[model] = AgentRunner(ledger: ledger, assembler: assembler, content: content, client: settings.client(),
                                         modelOverride: settings.model, requestTimeoutSeconds: settings.timeoutSeconds)
        }
        let fallback = AgentRunner(ledger: ledger, assembler: assembler, content: content, client: nil)
        let table = runners
        var workflow = Workflow.standard(profiles: profiles) { table[$0.model] ?? fallback }
        do { workflow.installMail(transport: try MailSettings.transport(environment: ProcessInfo.processInfo.environment, home: Home.path)) } catch {
            throw CLIExit(code: 1, message: error.message)
        }
        return workflow
    }

    /// Whether any profile's model has an endpoint.
    static var modelConfigured: Bool {
        let config = Config.current
        return Home.catalog().profiles.contains { config.modelSettings(named: $0.model).isConfigured }
    }
}

/// `o2c worker [--until-idle]`: the workflow worker alone.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the workflow worker: route ledger events into jobs and run them (stages, agent triggers).",
        discussion: """
            The first start on a ledger begins after its newest event (existing history is not replayed).
            Any number of workers may share a ledger: each job is leased, and a stopped worker's job is taken
            again when its lease expires. SIGTERM or SIGINT: the job in hand finishes, then it exits.
            """
    )

    @Flag(name: .customLong("until-idle"), help: "Exit 0 when no job is left (queued or running) and every event is routed.")
    var untilIdle = false
    @Option(name: .customLong("lease-seconds"), help: "How long a claimed job is leased (renewed while it runs).")
    var leaseSeconds: Double = 60
    @Option(name: .customLong("backoff-seconds"), help: "Wait after a job's first failed try (doubles per try, with jitter; at most 300 s).")
    var backoffSeconds: Double = 2
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard leaseSeconds >= 1, leaseSeconds <= 3600 else { throw ValidationError("--lease-seconds must be between 1 and 3600") }
        guard backoffSeconds >= 0, backoffSeconds <= 300 else { throw ValidationError("--backoff-seconds must be between 0 and 300") }
    }

    func run() async throws {
        let opened = try ledger.openGated()
        let worker = try WorkflowSetup.make(ledger: opened).worker(ledger: opened, leaseSeconds: leaseSeconds,
                                                                   backoff: Backoff(baseSeconds: backoffSeconds))
        if untilIdle {
            try await worker.start()
            let report = try await worker.runUntilIdle()
            if output.json {
                Output.json(["events_routed": .int(report.eventsRouted), "jobs_enqueued": .int(report.jobsEnqueued),
                             "jobs": .array(report.runs.map { ["id": .string($0.job.id), "kind": .string($0.job.kind), "subject": .string($0.job.subject),
                                                               "outcome": .string($0.outcome.rawValue), "detail": $0.detail] })])
            } else {
                for r in report.runs { print("\(r.job.id) \(r.job.kind) \(r.job.subject): \(r.outcome.rawValue)\(Self.brief(r.detail))") }
                print("\(report.eventsRouted) events routed, \(report.count(.done)) jobs done, \(report.count(.retrying)) to retry, \(report.count(.parked)) parked")
            }
            return
        }
        print("worker \(worker.owner) on \(ledger.path); stop with Ctrl-C")
        let group = ServiceGroup(configuration: .init(services: [WorkerService(worker: worker)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: .init(label: "o2c.worker")))
        try await group.run()
    }

    static func brief(_ detail: JSONValue) -> String {
        if let e = detail["error"]?.stringValue { return " — " + e }
        let outcome = detail["outcome"]?.stringValue ?? detail["state"]?.stringValue ?? ""
        let extra = detail["approval_id"]?.stringValue ?? detail["reason"]?.stringValue ?? detail["summary"]?.stringValue
            ?? detail["approval_ids"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
        return outcome.isEmpty ? "" : " — \(outcome)\(extra.isEmpty ? "" : " (\(extra))")"
    }
}
