import Foundation
import GRDB
import O2CCore
import O2CLedger
import O2CWorkflow
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `o2c` binary as a process (started with `ChildProcess`, posix_spawn): the worker killed
/// with SIGKILL, the operator's jobs and carriers commands, and `o2c demo`.
@Suite("o2c worker, jobs, carriers and demo as processes", .serialized)
struct WorkerProcessTests {
    static let binary = WorkflowFixture.root + "/.build/debug/o2c"

    /// Where the processes' e-mails go (not the repository's outbox/).
    static let outbox = NSTemporaryDirectory() + "o2c-wf-outbox-\(getpid())"

    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("O2C_") { env[k] = nil }
        env["O2C_HOME"] = WorkflowFixture.root
        env["O2C_OUTBOX"] = outbox
        return env
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var json: JSONValue? { try? JSONParser().parse(stdout) }
    }

    /// Runs o2c to the end off Swift's cooperative threads (the servers of other suites share them).
    static func o2c(_ args: [String]) async throws -> Run {
        let binary = self.binary, environment = self.environment
        let out = try await blocking { Result { try ChildProcess.run(binary, arguments: args, environment: environment) } }.get()
        return Run(status: out.status, stdout: String(decoding: out.stdout, as: UTF8.self), stderr: String(decoding: out.stderr, as: UTF8.self))
    }

    @Test func theWorkerKilledWithSIGKILLMidRunLosesAndDoublesNothingWhenRestarted() async throws {
        let f = try WorkflowFixture()
        // Enough orders that the worker is far from done when the (possibly slow, on a loaded
        // machine) poller sees its 20th finished job.
        let total = 200
        let orders = try (0..<total).map { k in try f.order("C-001", [("WID-100", 1 + k % 3)]) }
        // A worker process runs until some of the work is done; then the test takes the write
        // lock, so the worker stops in the middle of whatever it does, and kills it outright.
        let child = try ChildProcess.spawn(Self.binary, arguments: ["worker", "--db", f.path, "--lease-seconds", "2"], environment: Self.environment)
        let path = f.path
        // On a thread of its own: a Dispatch thread can start seconds late when the other suites'
        // blocking work has taken them all, and by then the worker has finished every order.
        let done: Int = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.killMidway(child, path: path, afterDoneJobs: 20) }) }.start()
        }
        #expect(done >= 20, "the worker made progress before it was killed")
        #expect(try f.count("SELECT count(*) FROM invoices") < total, "it was killed before the end")
        // Restarted, it takes over the killed worker's job when its lease expires and finishes.
        let restart = try await Self.o2c(["worker", "--until-idle", "--db", f.path, "--lease-seconds", "2"])
        #expect(restart.status == 0, "\(restart.stderr)")
        for o in orders { #expect(try f.status(o) == "invoiced") }
        #expect(try f.count("SELECT count(*) FROM invoices") == total)
        #expect(try f.count("SELECT count(*) FROM invoices WHERE sent_at IS NOT NULL") == total)
        #expect(try f.count("SELECT count(*) FROM shipments") == total)
        #expect(try f.count("SELECT count(*) FROM journal_entries") == total)
        #expect(try f.count("SELECT count(*) FROM jobs WHERE status <> 'done'") == 0)
        #expect(try f.count("SELECT count(*) FROM jobs") == 5 * total, "4 stages and one e-mail delivery per order")
        #expect(try f.count("SELECT count(*) FROM outbox WHERE status = 'sent'") == total)
        #expect(try f.events("stock.reserved") == total && f.events("invoice.issued") == total)
        #expect(try f.ledger.invariantViolations() == [])
        let audit = try await Self.o2c(["audit", "verify", "--json", "--db", f.path])
        #expect(audit.json?["ok"] == true, "\(audit.stdout)")
    }

    /// Waits (on this thread, polling every 2 ms) until the worker has finished `afterDoneJobs`
    /// jobs, takes the ledger's write lock so the worker blocks in the middle of its next write,
    /// and kills it. Returns the jobs done by then.
    static func killMidway(_ child: ChildProcess, path: String, afterDoneJobs: Int) throws -> Int {
        var config = Configuration()
        config.busyMode = .timeout(10)
        let q = try DatabaseQueue(path: path, configuration: config)
        defer { try? q.close() }
        var done = 0
        for _ in 0..<30_000 where done < afterDoneJobs {
            usleep(2_000)
            done = (try? q.inDatabase { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs WHERE status = 'done'") ?? 0 }) ?? 0
        }
        try q.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            usleep(300_000)
            child.signal(SIGKILL)
            _ = child.wait()
            try db.execute(sql: "ROLLBACK")
        }
        return done
    }

    @Test func aParkedJobIsListedAndJobsRetryQueuesItAgain() async throws {
        let f = try WorkflowFixture()
        let (job, _) = try f.ledger.enqueue(NewJob(kind: "smtp_delivery", key: "mail:1", subject: "INV-1001", maxAttempts: 2))
        let worker = try await Self.o2c(["worker", "--until-idle", "--db", f.path])
        #expect(worker.status == 0, "\(worker.stderr)")
        let failed = try await Self.o2c(["jobs", "list", "--failed", "--json", "--db", f.path])
        #expect(failed.json?.arrayValue?.compactMap { $0["id"]?.stringValue } == [job.id])
        #expect(failed.json?[0]?["last_error"]?.stringValue?.contains("no handler for job kind 'smtp_delivery'") == true)
        let table = try await Self.o2c(["jobs", "list", "--failed", "--db", f.path])
        #expect(table.stdout.contains(job.id) && table.stdout.contains("failed"))
        let retry = try await Self.o2c(["jobs", "retry", job.id, "--as", "alice", "--db", f.path])
        #expect(retry.status == 0, "\(retry.stderr)")
        let shown = try await Self.o2c(["jobs", "show", job.id, "--json", "--db", f.path])
        #expect(shown.json?["status"] == "queued" && shown.json?["attempts"] == 0)
        let again = try await Self.o2c(["worker", "--until-idle", "--json", "--db", f.path])
        #expect(again.json?["jobs"]?[0]?["id"] == .string(job.id), "the retried job ran again")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'job.retry' AND actor = 'user:alice'") == 1)
        // Wrong input gets a clear answer and changes nothing.
        let missing = try await Self.o2c(["jobs", "show", "JOB-999", "--db", f.path])
        #expect(missing.status == 1 && missing.stderr.contains("JOB-999 does not exist"))
        let (queued, _) = try f.ledger.enqueue(NewJob(kind: "smtp_delivery", key: "mail:2", subject: "INV-1002"))
        let notParked = try await Self.o2c(["jobs", "retry", queued.id, "--db", f.path])
        #expect(notParked.status == 1 && notParked.stderr.contains("only a parked"))
        let badStatus = try await Self.o2c(["jobs", "list", "--status", "stuck", "--db", f.path])
        #expect(badStatus.status == 2)
    }

    @Test func carriersAreListedAndTheirStatusIsSetWithAuditAndCheckedInput() async throws {
        let f = try WorkflowFixture()
        let set = try await Self.o2c(["carriers", "set-status", "UPS", "delayed", "--as", "alice", "--db", f.path])
        #expect(set.status == 0, "\(set.stderr)")
        let list = try await Self.o2c(["carriers", "list", "--json", "--db", f.path])
        #expect(list.json?[0]?["carrier"] == "UPS" && list.json?[0]?["delayed"] == true)
        let unknown = try await Self.o2c(["carriers", "set-status", "UPZ", "delayed", "--db", f.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean 'UPS'"))
        let badStatus = try await Self.o2c(["carriers", "set-status", "UPS", "late", "--db", f.path])
        #expect(badStatus.status == 2)
        let injection = try await Self.o2c(["carriers", "set-status", "UPS'; DROP TABLE carriers; --", "ok", "--db", f.path])
        #expect(injection.status == 1)
        #expect(try f.count("SELECT count(*) FROM carriers") == 2)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'set_carrier_status'") == 1)
    }

    @Test func demoRunsAMorningThroughTheWorkerWithoutAModel() async throws {
        let dir = NSTemporaryDirectory() + "o2c-demo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = dir + "/demo.sqlite"
        let initRun = try await Self.o2c(["init", "--demo", "--db", db])
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let demo = try await Self.o2c(["demo", "--db", db])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("Credit: 1 on credit hold"), "\(demo.stdout)")
        #expect(demo.stdout.contains("1 short (stock.short)"))
        #expect(demo.stdout.contains("carrier.delayed recorded"))
        #expect(demo.stdout.contains("No model is configured"))
        let failed = try await Self.o2c(["jobs", "list", "--failed", "--json", "--db", db])
        #expect(failed.json?.arrayValue?.isEmpty == true, "\(failed.stdout)")
        let audit = try await Self.o2c(["audit", "verify", "--json", "--db", db])
        #expect(audit.json?["ok"] == true)
    }
}
