import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// Who an operator's change (a job retried, a carrier's status) is recorded as: `--as`, else
/// `O2C_USER`, else `system:operator`.
enum OperatorActor {
    static func resolve(_ actorName: String?) throws -> Actor {
        let name = actorName ?? ProcessInfo.processInfo.environment["O2C_USER"] ?? Config.current.user ?? "system:operator"
        guard let actor = Actor(parsing: name) else { throw CLIExit(code: 2, message: "'\(name)' is not a valid actor; use a user name or system:NAME") }
        return actor
    }
}

/// `o2c jobs list|show|retry`: the workflow's durable jobs (SPEC §12, JOURNEYS §5).
struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "The workflow's jobs: what ran, what waits, what is stuck.",
                                                    subcommands: [List.self, Show.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")
        @Flag(help: "Only jobs parked after their last try.") var failed = false
        @Option(help: "Only jobs in this status: queued, running, done, failed.") var status: String?
        @Option(help: "At most this many.") var limit = 200
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let status, Job.Status(rawValue: status) == nil { throw ValidationError("--status must be one of queued, running, done, failed") }
            if failed, let status, status != "failed" { throw ValidationError("--failed and --status \(status) contradict each other") }
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000") }
        }

        func run() throws {
            let jobs = try ledger.open().jobs(status: failed ? .failed : status.flatMap(Job.Status.init(rawValue:)), limit: limit)
            if output.json { return Output.json(.array(jobs.map(\.json))) }
            if jobs.isEmpty { return print(failed ? "no parked jobs" : "no jobs") }
            Output.table(["ID", "KIND", "SUBJECT", "STATUS", "TRIES", "UPDATED", "NOTE"], jobs.map { j in
                [j.id, j.kind, j.subject, j.status.rawValue, "\(j.attempts)/\(j.maxAttempts)", j.updatedAt.iso8601,
                 String((j.lastError ?? j.result.map { WorkerCommand.brief($0).trimmingCharacters(in: CharacterSet(charactersIn: " —")) } ?? "").prefix(70))]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One job: its payload, tries, lease, last error and result.")
        @Argument(help: "Job id (JOB-…).") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

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

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a parked (failed) job again, its tries reset; the next worker pass runs it.")
        @Argument(help: "Job id (JOB-…).") var id: String
        @Option(name: .customLong("as"), help: "Who asks (recorded in the audit log; default: $O2C_USER, else system:operator).")
        var actorName: String?
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let job = try ledger.open().retryJob(id, actor: try OperatorActor.resolve(actorName))
            if output.json { return Output.json(job.json) }
            print("\(job.id) queued again; 'o2c worker --until-idle' runs it")
        }
    }
}
