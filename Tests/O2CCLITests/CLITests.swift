import Foundation
import O2CCore
import Testing

/// End to end: the built `o2c` binary run as a process against a temporary ledger.
@Suite("o2c CLI end to end", .serialized)
struct CLITests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var json: JSONValue? { try? JSONParser().parse(stdout) }
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `o2c` built beside this test runner (so `make sanitize` runs its own build), else .build/debug/o2c.
    static let binary: String = {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        let beside = (runner as NSString).deletingLastPathComponent + "/o2c"
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : packageRoot.appendingPathComponent(".build/debug/o2c").path
    }()

    /// A folder of this run's own, as $XDG_CONFIG_HOME: no test reads or writes the real user's login.
    static let configHome: String = {
        let dir = NSTemporaryDirectory() + "o2c-config-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// A copy of the binary that an unprivileged user can run, whatever folder the clone is in.
    static func worldReadableBinary() throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-bin-\(ProcessInfo.processInfo.processIdentifier)"
        let copy = dir + "/o2c"
        if !FileManager.default.fileExists(atPath: copy) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try FileManager.default.copyItem(atPath: binary, toPath: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
        }
        return copy
    }

    /// The environment of a child o2c: this process's without the o2c settings, plus `env`.
    static func environment(_ env: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["O2C_DB", "O2C_USER", "O2C_URL", "O2C_TOKEN", "O2C_CONFIG", "O2C_HOME"] { environment[name] = nil }
        environment["XDG_CONFIG_HOME"] = configHome
        environment["O2C_OUTBOX"] = NSTemporaryDirectory() + "o2c-cli-outbox-\(getpid())"   // e-mails out of the repository
        for (k, v) in env { environment[k] = v }
        return environment
    }

    /// Runs o2c (started with posix_spawn, killed after 5 minutes) and waits for it on a thread of
    /// its own, never one of Swift's few cooperative threads, which the in-process servers of the
    /// other suites need; with `asUser` it runs as that Unix user (to test file permissions even as root).
    static func o2c(_ args: [String], env: [String: String] = [:], stdin: String? = nil, asUser: String? = nil, cwd: String? = nil) async throws -> Run {
        let (path, arguments) = asUser != nil && getuid() == 0
            ? ("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", try worldReadableBinary()] + args)
            : (binary, args)
        let environment = environment(env)
        let out = try await blocking {
            Result { try ChildProcess.run(path, arguments: arguments, environment: environment, workingDirectory: cwd,
                                          input: Array((stdin ?? "").utf8), timeoutSeconds: 300) }
        }.get()
        #expect(!out.timedOut, "o2c \(args.joined(separator: " ")) ran past 5 minutes")
        return Run(status: out.status, stdout: String(decoding: out.stdout, as: UTF8.self), stderr: String(decoding: out.stderr, as: UTF8.self))
    }

    /// A demo ledger shared by the read-only checks (created once per process).
    static var demo: String { get async { await demoLedger.value } }

    private static let demoLedger = Task {
        let dir = NSTemporaryDirectory() + "o2c-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/demo.sqlite"
        _ = try? await o2c(["init", "--demo", "--seed", "7", "--as-of", "2026-11-25", "--db", path], env: ["O2C_HOME": packageRoot.path])
        return path
    }

    /// Runs with the shipped guardrails (the repository root is O2C_HOME).
    static let home = ["O2C_HOME": packageRoot.path]

    static func freshCopy() async throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/ledger.sqlite"
        let r = try await o2c(["init", "--demo", "--seed", "7", "--as-of", "2026-11-25", "--db", path])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "o2c-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func demoLedgerHasTheAdvertisedShape() async throws {
        let customers = try await Self.o2c(["customers", "list", "--json", "--db", Self.demo])
        #expect(customers.status == 0, "\(customers.stderr)")
        let list = try #require(customers.json?.arrayValue)
        #expect(list.count >= 50)
        #expect(Set(list.compactMap { $0["currency"]?.stringValue }).count >= 3)
        #expect(Set(list.compactMap { $0["owner"]?.stringValue }).count >= 4)
        let acme = try #require(list.first { $0["id"] == "C-001" })
        #expect(acme["name"] == "Acme Corp")
        #expect(acme["currency"] == "USD")
        for key in ["id", "name", "currency", "owner", "credit_limit", "on_hold"] { #expect(acme[key] != nil, "customers list lacks \(key)") }

        let show = try #require(try await Self.o2c(["customers", "show", "C-001", "--json", "--db", Self.demo]).json)
        for key in ["exposure", "available_credit", "overdue_amount", "max_days_overdue"] { #expect(show[key] != nil, "customers show lacks \(key)") }
        #expect(show["on_hold"] == false)

        let products = try #require(try await Self.o2c(["products", "list", "--json", "--db", Self.demo]).json?.arrayValue)
        #expect(products.count >= 200)
        let widget = try #require(products.first { $0["sku"] == "WID-100" })
        #expect((Int(widget["available"].map { Output.text($0) } ?? "0") ?? 0) > 0)

        let invoices = try #require(try await Self.o2c(["invoices", "list", "--status", "overdue", "--json", "--limit", "1000", "--db", Self.demo]).json?.arrayValue)
        #expect(!invoices.isEmpty)
        let tb = try #require(try await Self.o2c(["report", "trial-balance", "--json", "--db", Self.demo]).json)
        #expect(tb["balanced"] == true)
        let audit = try #require(try await Self.o2c(["audit", "verify", "--json", "--db", Self.demo]).json)
        #expect(audit["ok"] == true)
        let aging = try #require(try await Self.o2c(["report", "aging", "--json", "--as-of", "2026-11-25", "--db", Self.demo]).json)
        for bucket in ["current", "1-30", "31-60", "61-90", "91-120", "120+"] { #expect(aging["buckets"]?[bucket] != nil) }
        let dso = try await Self.o2c(["report", "dso", "--days", "90", "--json", "--db", Self.demo])
        #expect(dso.status == 0)
    }

    @Test func demoIsDeterministicForASeed() async throws {
        let a = try await Self.freshCopy(), b = try await Self.freshCopy()
        let ra = try await Self.o2c(["invoices", "list", "--json", "--limit", "5000", "--db", a]).stdout
        let rb = try await Self.o2c(["invoices", "list", "--json", "--limit", "5000", "--db", b]).stdout
        #expect(ra == rb)
        #expect(ra.count > 1000)
    }

    @Test func createOrderFromFlagsThenThroughTheWholeCycle() async throws {
        let db = try await Self.freshCopy()
        let created = try await Self.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:2", "--as", "sam", "--json", "--db", db], env: Self.home)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.json?["outcome"] == "executed")
        let id = try #require(created.json?["result"]?["id"]?.stringValue)
        #expect(id.hasPrefix("SO-"))
        for action in ["reserve_stock", "ship_order", "issue_invoice"] {
            let file = try Self.write(#"{"action": "\#(action)", "args": {"order_id": "\#(id)"}}"#)
            let r = try await Self.o2c(["actions", "submit", file, "--as", "alice", "--json", "--db", db], env: Self.home)
            #expect(r.status == 0, "\(action): \(r.stderr)")
        }
        let order = try #require(try await Self.o2c(["orders", "show", id, "--json", "--db", db]).json)
        #expect(order["status"] == "invoiced")
        for key in ["id", "customer_id", "status", "currency", "total", "lines"] { #expect(order[key] != nil) }
    }

    @Test func agentSubmissionWaitsForApprovalWithExitCode4() async throws {
        let db = try await Self.freshCopy()
        let file = try Self.write(#"{"action": "place_credit_hold", "args": {"customer_id": "C-001", "reason": "slow payer"}}"#)
        let r = try await Self.o2c(["actions", "submit", file, "--as", "agent:credit-controller", "--json", "--db", db], env: Self.home)
        #expect(r.status == 4)
        #expect(r.json?["outcome"] == "pending_approval")
        #expect(r.json?["approval_id"]?.stringValue?.hasPrefix("AP-") == true)
    }

    @Test func idempotencyKeyFromTheCommandLine() async throws {
        let db = try await Self.freshCopy()
        let file = try Self.write(#"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "90000.00"}}"#)
        let first = try await Self.o2c(["actions", "submit", file, "--as", "fiona", "--idempotency-key", "k1", "--db", db], env: Self.home)
        let second = try await Self.o2c(["actions", "submit", file, "--as", "fiona", "--idempotency-key", "k1", "--db", db], env: Self.home)
        #expect(first.status == 0 && second.status == 0)
        let other = try Self.write(#"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "1.00"}}"#)
        let third = try await Self.o2c(["actions", "submit", other, "--as", "fiona", "--idempotency-key", "k1", "--db", db], env: Self.home)
        #expect(third.status == 1)
        #expect(third.stderr.contains("k1"))
        let acme = try #require(try await Self.o2c(["customers", "show", "C-001", "--json", "--db", db]).json)
        #expect(acme["credit_limit"] == "90000.00")
    }

    @Test(arguments: [
        (#"{"action": "create_order", "args": {"customer_id": "C-999", "lines": [{"sku": "WID-100", "quantity": 1}]}}"#, "C-999"),
        (#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "XX-1", "quantity": 1}]}}"#, "unknown SKU"),
        (#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": -1}]}}"#, "quantity"),
        (#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 0}]}}"#, "quantity"),
        (#"{"action": "create_order", "args": {"customer_id": "C-001", "currency": "ABC", "lines": [{"sku": "WID-100", "quantity": 1}]}}"#, "currency"),
        (#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 1}]"#, ":1:"),
        (#"{"action": "create_ordr", "args": {}}"#, "did you mean 'create_order'"),
    ])
    func badInputGivesOneClearLineExitCode1AndWritesNothing(document: String, expected: String) async throws {
        let db = try await Self.freshCopy()
        let before = try await Self.o2c(["audit", "verify", "--json", "--db", db]).json?["records"]
        let file = try Self.write(document)
        let r = try await Self.o2c(["actions", "submit", file, "--as", "sam", "--db", db], env: Self.home)
        #expect(r.status == 1)
        #expect(r.stderr.contains(expected), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack"))
        #expect(r.stderr.split(separator: "\n").count <= 2)
        #expect(try await Self.o2c(["audit", "verify", "--json", "--db", db]).json?["records"] == before)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedClearly() async throws {
        let path = try Self.write("this is not a database, just text\n")
        let r = try await Self.o2c(["customers", "list", "--db", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not an SQLite database"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "this is not a database, just text\n")
    }

    @Test func aMissingLedgerSaysHowToCreateOne() async throws {
        let r = try await Self.o2c(["customers", "list", "--db", NSTemporaryDirectory() + "nope-\(UUID().uuidString).sqlite"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("o2c init"))
    }

    @Test func aReadOnlyLedgerCanBeReadButNotWritten() async throws {
        let db = try await Self.freshCopy()
        let dir = (db as NSString).deletingLastPathComponent
        // Checkpoint so the file holds everything, then make file and folder read-only.
        _ = try await Self.o2c(["audit", "verify", "--db", db])
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir) }
        let size = try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int
        let read = try await Self.o2c(["customers", "show", "C-001", "--json", "--db", db], asUser: "nobody")
        #expect(read.status == 0, "\(read.stderr)")
        let r = try await Self.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--as", "sam", "--db", db], env: Self.home, asUser: "nobody")
        #expect(r.status == 1)
        #expect(r.stderr.contains("read-only"), "\(r.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int == size)
    }

    @Test func usageErrorsExitWith2() async throws {
        #expect(try await Self.o2c(["orders", "list", "--no-such-flag"]).status == 2)
        #expect(try await Self.o2c(["actions", "submit", "x.json", "--db", Self.demo]).status == 2, "no --as")
        #expect(try await Self.o2c(["report", "dso", "--days", "0", "--db", Self.demo]).status == 2)
        // The HTTP bench refuses a measuring time it cannot use before it starts anything.
        for args in [["--ask-seconds", "0"], ["--ask-seconds", "-1"], ["--ask-seconds", "601"], ["--seconds", "0"], ["--seconds", "nan"],
                     ["--ask-seconds", "many"], ["--connections", "0"]] {
            let r = try await Self.o2c(["bench", "http"] + args, env: Self.home)
            #expect(r.status == 2 && r.stderr.contains(args[0]) && !r.stdout.contains("load:"), "\(args): \(r.stderr)")
        }
    }

    @Test func helpIsThereForEveryCommand() async throws {
        for cmd in [["--help"], ["actions", "list", "--help"], ["report", "aging", "--help"], ["bench", "ledger", "--help"]] {
            let r = try await Self.o2c(cmd)
            #expect(r.status == 0)
            #expect(r.stdout.contains("USAGE"))
        }
    }

    @Test func actionsListPrintsEverySchema() async throws {
        let list = try #require(try await Self.o2c(["actions", "list", "--json"]).json?.arrayValue)
        #expect(list.count == 18)
        let create = try #require(list.first { $0["action"] == "create_order" })
        #expect(create["schema"]?["required"] == ["customer_id", "lines"])
    }

    @Test func twoProcessesApprovingTheSameRequestExecuteItOnce() async throws {
        let db = try await Self.freshCopy()
        let open = try #require(try await Self.o2c(["invoices", "list", "--status", "open", "--json", "--limit", "12", "--db", db]).json?.arrayValue)
        var requests: [(String, String)] = []
        for invoice in open.prefix(10) {
            let id = try #require(invoice["id"]?.stringValue)
            let file = try Self.write(#"{"action": "write_off", "args": {"invoice_id": "\#(id)", "amount": "1.00", "reason": "race test"}}"#)
            let r = try await Self.o2c(["actions", "submit", file, "--as", "agent:collections", "--json", "--db", db], env: Self.home)
            #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
            requests.append((try #require(r.json?["approval_id"]?.stringValue), id))
        }
        #expect(requests.count == 10)
        for (approval, _) in requests {
            let env = Self.environment(Self.home)
            let results = try await blocking {
                Result {
                    let racers = try ["fiona", "alice"].map { who in
                        try ChildProcess.spawn(Self.binary, arguments: ["approvals", "approve", approval, "--as", who, "--note", "race", "--json", "--db", db],
                                               environment: env)
                    }
                    return racers.map { child -> (String, String) in
                        let out = child.collect(timeoutSeconds: 300)
                        return (String(decoding: out.stdout, as: UTF8.self), String(decoding: out.stderr, as: UTF8.self))
                    }
                }
            }.get()
            let statuses = results.map { (try? JSONParser().parse($0.0))?["status"]?.stringValue ?? "?" }
            #expect(statuses.sorted() == ["executed", "refused"], "\(approval): \(results)")
            let loser = results.first { $0.0.contains("refused") }?.0 ?? ""
            #expect(loser.contains("executed"), "the other approver is told clearly: \(loser)")
        }
        for (approval, invoice) in requests {
            let inv = try #require(try await Self.o2c(["invoices", "show", invoice, "--json", "--db", db]).json)
            #expect(inv["written_off_amount"] == "1.00", "\(invoice) written off once")
            #expect(try await Self.o2c(["approvals", "show", approval, "--json", "--db", db]).json?["status"] == "executed")
        }
        let audit = try #require(try await Self.o2c(["audit", "verify", "--json", "--db", db]).json)
        #expect(audit["ok"] == true)
        let tb = try #require(try await Self.o2c(["report", "trial-balance", "--json", "--db", db]).json)
        #expect(tb["balanced"] == true)
        let badDebt = tb["accounts"]?.arrayValue?.first { $0["account"] == "6900" }
        #expect(badDebt?["debit"] != "0.00")
    }

    @Test func aBrokenGuardrailFileStopsWritesAndSaysWhere() async throws {
        let db = try await Self.freshCopy()
        let home = NSTemporaryDirectory() + "o2c-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/guardrails", withIntermediateDirectories: true)
        try "scope: global\nrules:\n  - name: x\n    actions: [create_order]\n    when: amount >\n    outcome: deny\n    message: m\n"
            .write(toFile: home + "/guardrails/bad.yaml", atomically: true, encoding: .utf8)
        let r = try await Self.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--as", "sam", "--db", db], env: ["O2C_HOME": home])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:5:"), "\(r.stderr)")
        let lint = try await Self.o2c(["guardrails", "lint"], env: ["O2C_HOME": home])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("bad.yaml:5:") || lint.stderr.contains("bad.yaml:5:"))
        // Reads still work.
        #expect(try await Self.o2c(["customers", "show", "C-001", "--db", db], env: ["O2C_HOME": home]).status == 0)
    }

    @Test func withoutAGuardrailsFolderWritesAreRefusedAndReadsWork() async throws {
        let db = try await Self.freshCopy()
        let home = NSTemporaryDirectory() + "o2c-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let file = try Self.write(#"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "90000.00"}}"#)
        let r = try await Self.o2c(["actions", "submit", file, "--as", "alice", "--db", db], env: ["O2C_HOME": home])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect((r.stdout + r.stderr).contains("no guardrails/ folder in \(home): writes are refused; set O2C_HOME to the folder holding guardrails/"),
                "\(r.stdout)\(r.stderr)")
        let approve = try await Self.o2c(["approvals", "approve", "AP-1", "--as", "alice", "--db", db], env: ["O2C_HOME": home])
        #expect(approve.status == 1 && approve.stderr.contains("writes are refused"), "\(approve.stderr)")
        let customers = try await Self.o2c(["customers", "list", "--json", "--db", db], env: ["O2C_HOME": home])
        #expect(customers.status == 0)
        #expect((customers.json?.arrayValue?.count ?? 0) >= 50)
        let limit = try #require(try await Self.o2c(["customers", "show", "C-001", "--json", "--db", db]).json?["credit_limit"])
        #expect(limit != "90000.00")

        // A guardrails folder without roles.yaml refuses writes too, and lint says so.
        try FileManager.default.createDirectory(atPath: home + "/guardrails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.packageRoot.path + "/guardrails/credit.yaml", toPath: home + "/guardrails/credit.yaml")
        let noRoles = try await Self.o2c(["actions", "submit", file, "--as", "alice", "--db", db], env: ["O2C_HOME": home])
        #expect(noRoles.status == 3 && (noRoles.stdout + noRoles.stderr).contains("no roles.yaml in"), "\(noRoles.stdout)\(noRoles.stderr)")
        let lint = try await Self.o2c(["guardrails", "lint"], env: ["O2C_HOME": home])
        #expect(lint.status == 1 && lint.stdout.contains("roles.yaml:1:1: there is no roles.yaml"), "\(lint.stdout)")
    }

    @Test func lintListsTheFilesItLoadedAndFlagsAFileAProfileNamesButIsMissing() async throws {
        let home = NSTemporaryDirectory() + "o2c-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/agents", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.packageRoot.path + "/guardrails", toPath: home + "/guardrails")
        try FileManager.default.copyItem(atPath: Self.packageRoot.path + "/prompts", toPath: home + "/prompts")
        let clean = try await Self.o2c(["guardrails", "lint"], env: ["O2C_HOME": home])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("loaded: ") && clean.stdout.contains("pricing.yaml") && clean.stdout.contains("roles.yaml"), "\(clean.stdout)")
        let profile = try String(contentsOfFile: Self.packageRoot.path + "/agents/collections.yaml", encoding: .utf8)
            .replacingOccurrences(of: "guardrails: [dunning]", with: "guardrails: [dunning, dunning-strict]")
        #expect(profile.contains("dunning-strict"))
        try profile.write(toFile: home + "/agents/collections.yaml", atomically: true, encoding: .utf8)
        let line = (profile.components(separatedBy: "\n").firstIndex { $0.contains("dunning-strict") } ?? 0) + 1
        let lint = try await Self.o2c(["guardrails", "lint"], env: ["O2C_HOME": home])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("agents/collections.yaml:\(line):") && lint.stdout.contains("'dunning-strict'"), "\(lint.stdout)")
    }

    @Test func usersTokenDoesNotLiftARevocationButUsersRestoreDoes() async throws {
        let db = try await Self.freshCopy()
        #expect(try await Self.o2c(["users", "revoke", "sam", "--db", db]).status == 0)
        let token = try await Self.o2c(["users", "token", "sam", "--db", db])
        #expect(token.status == 1)
        #expect(token.stderr.contains("o2c users restore sam"), "\(token.stderr)")
        let list = try #require(try await Self.o2c(["users", "list", "--json", "--db", db]).json?.arrayValue)
        #expect(list.first { $0["name"] == "sam" }?["revoked"] == true)
        let restored = try await Self.o2c(["users", "restore", "sam", "--json", "--db", db])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.json?["token"]?.stringValue?.hasPrefix("o2c_") == true)
        #expect(try await Self.o2c(["users", "token", "sam", "--db", db]).status == 0)
    }

    @Test func auditVerifyPrintsTheHeadHashAndChecksAnAnchor() async throws {
        let db = try await Self.freshCopy()
        let v = try #require(try await Self.o2c(["audit", "verify", "--json", "--db", db]).json)
        #expect(v["ok"] == true)
        let head = try #require(v["head_hash"]?.stringValue)
        #expect(head.count == 64)
        #expect(try await Self.o2c(["audit", "verify", "--expect-head", head, "--db", db]).status == 0)
        let wrong = try await Self.o2c(["audit", "verify", "--expect-head", String(repeating: "a", count: 64), "--db", db])
        #expect(wrong.status == 1 && wrong.stderr.contains("anchored head"), "\(wrong.stderr)")
        #expect(try await Self.o2c(["audit", "verify", "--expect-head", "nothex", "--db", db]).status == 2)
    }

    @Test func aRepsOrderAtAZeroPriceIsDeniedFromTheCommandLine() async throws {
        let db = try await Self.freshCopy()
        let file = try Self.write(#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 1, "unit_price": "0.00"}]}}"#)
        let r = try await Self.o2c(["actions", "submit", file, "--as", "sam", "--json", "--db", db], env: Self.home)
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.json?["outcome"] == "denied")
        let huge = try Self.write(#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 1000000, "unit_price": "9000000000000"}]}}"#)
        let overflow = try await Self.o2c(["actions", "submit", huge, "--as", "alice", "--json", "--db", db], env: Self.home)
        #expect(overflow.status == 1, "\(overflow.stdout)\(overflow.stderr)")
        #expect(overflow.json?["outcome"] == "invalid")
        #expect(overflow.stdout.contains("args.lines[0].quantity"))
    }

    @Test func anUnknownUserIsDeniedWithExitCode3() async throws {
        let db = try await Self.freshCopy()
        let r = try await Self.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--as", "mallory", "--db", db], env: Self.home)
        #expect(r.status == 3)
        #expect((r.stdout + r.stderr).contains("mallory"))
    }

    @Test func shippedGuardrailsLintClean() async throws {
        let r = try await Self.o2c(["guardrails", "lint"], env: Self.home)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}


/// Text of a JSON field (mirrors the CLI's helper for assertions).
enum Output {
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .number(let n): return n
        default: return v.serialized()
        }
    }
}
