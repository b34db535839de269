import Foundation
import O2CCore

/// The crash workload from start to checks (`o2c-stress crash`).
struct CrashDriver {
    /// The run's outcome.
    struct Report {
        let checks: [CrashChecks.Check]
        let figures: JSONObject
        var passed: Bool { checks.allSatisfy(\.passed) }
    }

    let folder: String
    let orders: Int
    let kills: Int
    let seed: UInt64
    let approvalPercent: Int
    let paidPercent: Int
    let log: (String) -> Void
    let runner: O2CRunner
    let db: String
    let outbox: String

    init(binary: String, folder: String, home: String, orders: Int, kills: Int, seed: UInt64, approvalPercent: Int, paidPercent: Int,
         log: @escaping (String) -> Void) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: folder), !((try? fm.contentsOfDirectory(atPath: folder))?.isEmpty ?? true) {
            throw O2CRunner.Failure(description: "\(folder) is not empty; give a new folder with --dir")
        }
        try fm.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        self.folder = folder
        self.orders = orders
        self.kills = kills
        self.seed = seed
        self.approvalPercent = approvalPercent
        self.paidPercent = paidPercent
        self.log = log
        db = folder + "/o2c.sqlite"
        outbox = folder + "/outbox"
        runner = O2CRunner(binary: binary, db: db, home: home, outbox: outbox, workdir: folder)
    }

    func run() throws -> Report {
        let start = ContinuousClock.now
        var rng = SplitMix64(state: seed)
        try CrashWorkload.createLedger(runner: runner, orders: orders)
        let probe = try LedgerProbe(path: db)
        // Kill points spread over the jobs the orders make (about six each: four stages, the e-mail, the cash).
        let expectedJobs = max(orders * 6, 10)
        let points = (0..<kills).map { _ in rng.int(1...max(1, expectedJobs * 9 / 10)) }.sorted()
        let supervisor = WorkerSupervisor(runner: runner, probe: probe, killPoints: points, seed: seed, logDir: folder + "/logs", leaseSeconds: 2)
        log("crash: \(orders) orders, \(kills) kills, seed \(seed), in \(folder)")
        try supervisor.start()

        var accepted = Set<String>(), approved = Set<String>(), paidRefs = Set<String>(), considered = Set<String>()
        var imports = 0, statements = 0
        let batch = max(10, min(500, orders / 10))
        var next = 0
        let today = SystemClock().today()
        while next < orders {
            let range = next..<min(orders, next + batch)
            next = range.upperBound
            let file = "\(folder)/files/orders-\(range.lowerBound).csv"
            let csv = CrashWorkload.ordersCSV(range, approvalPercent: approvalPercent, rng: &rng)
            try csv.text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try runner.run(["import", "orders", file, "--as", CrashWorkload.rep, "--json"], accept: [0, 4])
            imports += 1
            let pending = Set((result.json?["pending_approval"]?.arrayValue ?? []).compactMap(\.stringValue))
            let created = result.json?["imported"]?.intValue ?? 0
            guard created + pending.count == range.count else {
                throw O2CRunner.Failure(description: "import of \(file): \(created) imported and \(pending.count) pending of \(range.count): \(result.stdout.suffix(800))")
            }
            for k in range { accepted.insert(CrashWorkload.orderRef(k)) }
            approved.formUnion(try approveAll())
            try pay(&considered, &paidRefs, &statements, today: today)
            log("  orders \(range.upperBound)/\(orders): \(supervisor.kills) kills, \(probe.doneJobs()) jobs done")
        }
        // Wait for every order's invoice, pay the last ones, let cash application finish.
        try waitUntil("every order invoiced and sent", probe, timeoutSeconds: Double(orders) * 0.5 + 120) {
            try $0.int("SELECT COUNT(*) FROM invoices WHERE sent_at IS NOT NULL AND customer_id NOT LIKE 'C-9__'") >= accepted.count
        }
        try pay(&considered, &paidRefs, &statements, today: today)
        try waitUntil("every payment applied", probe, timeoutSeconds: Double(orders) * 0.2 + 120) {
            try $0.int("SELECT COUNT(*) FROM payments WHERE applied_minor < amount_minor") == 0
        }
        // Dunning: the late customers' invoices from 100 days ago are at level 3 (the notices and
        // the credit holds wait for an AR clerk and a credit manager).
        let dunning = try runner.run(["dunning", "run", "--json"], accept: [0, 4])
        approved.formUnion(try approveAll())
        log("  dunning: \(dunning.json?["notices"]?.arrayValue?.count ?? 0) notices; \(supervisor.kills) kills so far")

        supervisor.finish()
        supervisor.stop()
        let drain = try runner.run(["worker", "--until-idle", "--json"], accept: [0], timeoutSeconds: 900)
        _ = drain
        approved.formUnion(try approveAll())
        if try probe.int("SELECT COUNT(*) FROM jobs WHERE status <> 'done'") > 0 {
            try runner.run(["worker", "--until-idle", "--json"], accept: [0], timeoutSeconds: 900)
        }
        let seconds = (ContinuousClock.now - start).inSeconds

        let checks = try CrashChecks(probe: probe, runner: runner, outbox: outbox)
            .run(accepted: accepted, approved: approved, paid: paidRefs, crashes: supervisor.crashes)
        let retried = try probe.int("SELECT COALESCE(SUM(attempts - 1), 0) FROM jobs WHERE attempts > 1")
        let figures: JSONObject = [
            "orders": .int(orders), "accepted_orders": .int(accepted.count), "approvals": .int(approved.count),
            "kills": .int(supervisor.kills), "restarts": .int(supervisor.starts - 1), "wall_seconds": .number(String(format: "%.1f", seconds)),
            "jobs": .int(try probe.int("SELECT COUNT(*) FROM jobs")), "jobs_retried": .int(retried),
            "invoices": .int(try probe.int("SELECT COUNT(*) FROM invoices")), "payments": .int(paidRefs.count), "statements": .int(statements),
            "dunning_notices": .int(try probe.int("SELECT COUNT(*) FROM dunning_notices")),
            "emails": .int(try probe.int("SELECT COUNT(*) FROM outbox")), "order_imports": .int(imports),
            "checks_passed": .int(checks.filter(\.passed).count), "checks": .int(checks.count), "seed": .number(String(seed)),
        ]
        return Report(checks: checks, figures: figures)
    }

    /// Approves every pending request with `o2c approvals approve`, as the user of the role it
    /// waits for (one `o2c approvals list` per round: an approval may raise another request);
    /// returns the ids approved.
    private func approveAll() throws -> Set<String> {
        let users = Dictionary(CrashWorkload.approvers.map { ($0.role, $0.user) }, uniquingKeysWith: { a, _ in a })
        var done = Set<String>()
        for _ in 0..<5 {
            var any = false
            let list = try runner.run(["approvals", "list", "--json"])
            for item in list.json?.arrayValue ?? [] {
                guard let id = item["id"]?.stringValue, !done.contains(id) else { continue }
                let role = item["approver_role"]?.stringValue ?? ""
                guard let user = users[role] else { throw O2CRunner.Failure(description: "\(id) waits for a \(role), whom the driver does not have") }
                try runner.run(["approvals", "approve", id, "--as", user, "--note", "crash driver", "--json"])
                done.insert(id)
                any = true
            }
            if !any { break }
        }
        return done
    }

    /// Pays `paidPercent` of the invoices not yet considered with one camt.053 statement.
    private func pay(_ considered: inout Set<String>, _ paid: inout Set<String>, _ statements: inout Int, today: BusinessDate) throws {
        let probe = try LedgerProbe(path: db)
        let invoices = try probe.pairs("SELECT id, total_minor FROM invoices WHERE customer_id NOT LIKE 'C-9__' ORDER BY id")
        var credits: [(invoice: String, payer: String, cents: Int64)] = []
        for (id, total) in invoices where !considered.contains(id) {
            considered.insert(id)
            // Paid or not by the seed and the invoice number, not by when the worker issued it.
            guard Int(StableHash.fnv1a("\(seed):\(id)") % 100) < paidPercent, let cents = Int64(total), cents > 0 else { continue }
            let customer = try probe.strings("SELECT customer_id FROM invoices WHERE id = ?", [id]).first ?? ""
            credits.append((id, "Customer \(customer)", cents))
        }
        guard !credits.isEmpty else { return }
        statements += 1
        let stmt = "ST-\(statements)"
        let file = "\(folder)/files/statement-\(statements).xml"
        try CrashWorkload.statement(id: stmt, date: today.iso, credits: credits).write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runner.run(["import", "payments", file, "--as", "arlo", "--json"], accept: [0])
        guard result.json?["imported"]?.intValue == credits.count else {
            throw O2CRunner.Failure(description: "statement \(file): \(credits.count) credits, answer \(result.stdout.suffix(800))")
        }
        for c in credits { paid.insert("\(stmt)-\(c.invoice)") }
    }

    private func waitUntil(_ what: String, _ probe: LedgerProbe, timeoutSeconds: Double, _ condition: (LedgerProbe) throws -> Bool) throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeoutSeconds * 1000))
        while try !condition(probe) {
            guard ContinuousClock.now < deadline else { throw O2CRunner.Failure(description: "waited \(Int(timeoutSeconds)) s for \(what)") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}
