import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c jobs show ID`.
struct JobsShowCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One job: its payload, tries, lease, last error and result.")
    @Argument(help: "Job id (JOB-…).") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let job = try ledger.open().job(id)
        if output.json { return Output.json(job.json) }
        print("\(job.id) \(job.kind) \(job.subject): \(job.status.rawValue), try \(job.attempts) of \(job.maxAttempts)")
        print("  key:       \(job.key)")
        if let e = job.eventID { print("  event:     \(e)") }
        print("  run after: \(job.runAfter.iso8601)")
        if let owner = job.leaseOwner { print("  leased to: \(owner) until \(job.leaseExpiresAt?.iso8601 ?? "?")") }
        if let error = job.lastError { print("  last error: \(error)") }
        if let result = job.result { print("  result:    \(result.serialized())") }
        print("  payload:   \(job.payload.serialized())")
        if job.status == .failed { print("Retry it with: o2c jobs retry \(job.id)") }
    }
}
