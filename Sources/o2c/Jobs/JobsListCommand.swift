import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c jobs list [--failed] [--status S] [--json] [--limit N]`.
struct JobsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, newest first.")
    @Flag(help: "Only jobs parked after their last try.") var failed = false
    @Option(help: "Only jobs in this status: queued, running, done, failed.") var status: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let status, Job.Status(rawValue: status) == nil { throw ValidationError("--status must be one of queued, running, done, failed") }
        if failed, let status, status != "failed" { throw ValidationError("--failed and --status \(status) contradict each other") }
    }

    func run() throws {
        let fetched = try ledger.open().jobs(status: failed ? .failed : status.flatMap(Job.Status.init(rawValue:)), limit: listing.fetch)
        let jobs = Array(fetched.prefix(listing.cut(fetched.map(\.json), "jobs").count))
        if listing.json { return Output.json(.array(jobs.map(\.json))) }
        if jobs.isEmpty { return print(failed ? "no parked jobs" : "no jobs") }
        Output.table(["ID", "KIND", "SUBJECT", "STATUS", "TRIES", "UPDATED", "NOTE"], jobs.map { j in
            [j.id, j.kind, j.subject, j.status.rawValue, "\(j.attempts)/\(j.maxAttempts)", j.updatedAt.iso8601,
             String((j.lastError ?? j.result.map { WorkerCommand.brief($0).trimmingCharacters(in: CharacterSet(charactersIn: " —")) } ?? "").prefix(70))]
        })
    }
}
