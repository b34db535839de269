import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c jobs retry ID`: a parked job queued again.
struct JobsRetryCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue a parked (failed) job again, its tries reset; the next worker pass runs it.")
    @Argument(help: "Job id (JOB-…).") var id: String
    @Option(name: .customLong("as"), help: "Who asks (recorded in the audit log; default: $O2C_USER, else system:operator).")
    var actorName: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let job = try ledger.openForOperator().retryJob(id, actor: try OperatorActor.resolve(actorName))
        if output.json { return Output.json(job.json) }
        print("\(job.id) queued again; 'o2c worker --until-idle' runs it")
    }
}
