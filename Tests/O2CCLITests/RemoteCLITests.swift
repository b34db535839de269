import Foundation
import O2CCore
import Testing

/// The CLI over `o2c serve` (SPEC §8.1): login, whoami, logout; the token is the identity, `--as`
/// is refused; a rep sees their own customers' requests only; bad settings get clear messages.
@Suite("o2c over o2c serve", .serialized)
struct RemoteCLITests {
    /// A fresh $XDG_CONFIG_HOME.
    static func configHome() throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-login-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func loginStoresTheTokenForItsServerOnlyAndLogoutForgetsIt() async throws {
        try await ServeProcess.run { server in
            let config = try Self.configHome()
            let env = ["XDG_CONFIG_HOME": config, "O2C_HOME": CLITests.packageRoot.path]
            let bad = try await CLITests.o2c(["login", "--url", server.url], env: env, stdin: "o2c_not-a-token\n")
            #expect(bad.status == 1 && bad.stderr.contains("did not accept the token"), "\(bad.stderr)")
            #expect(!FileManager.default.fileExists(atPath: config + "/o2c/credentials"), "a refused token is not stored")
            #expect(!bad.stdout.contains("o2c_not-a-token") && !bad.stderr.contains("o2c_not-a-token"))

            let login = try await CLITests.o2c(["login", "--url", server.url + "/"], env: env, stdin: server.token("dana") + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            #expect(login.stdout.contains("logged in to \(server.url) as dana (credit_manager"), "\(login.stdout)")
            #expect(!login.stdout.contains(server.token("dana")))
            let file = config + "/o2c/credentials"
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
            #expect(mode == 0o600)

            let who = try await CLITests.o2c(["whoami"], env: env)
            #expect(who.status == 0 && who.stdout.contains("dana (credit_manager, may approve up to 25000.00 USD) at \(server.url)"), "\(who.stdout)\(who.stderr)")
            let list = try await CLITests.o2c(["approvals", "list", "--json"], env: env)
            #expect(list.status == 0 && list.json?.arrayValue != nil, "\(list.stderr)")

            // The stored token is never sent to another server.
            let elsewhere = try await CLITests.o2c(["whoami"], env: env.merging(["O2C_URL": "http://127.0.0.1:1"]) { _, b in b })
            #expect(elsewhere.status == 1 && elsewhere.stderr.contains("no token for http://127.0.0.1:1"), "\(elsewhere.stderr)")

            // A credentials file others can read is refused.
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            let loose = try await CLITests.o2c(["whoami"], env: env)
            #expect(loose.status == 1 && loose.stderr.contains("chmod 600"), "\(loose.stderr)")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)

            let logout = try await CLITests.o2c(["logout"], env: env)
            #expect(logout.status == 0 && logout.stdout.contains("logged out of \(server.url)"), "\(logout.stdout)")
            #expect(!FileManager.default.fileExists(atPath: file))
            let after = try await CLITests.o2c(["whoami"], env: env)
            #expect(after.status == 1 && after.stderr.contains("not logged in"), "\(after.stderr)")
        }
    }

    @Test func overAServerAsIsRefusedAndTheTokenIsWhoActs() async throws {
        try await ServeProcess.run { server in
            let hold = try await ApprovalsCLITests.hold(Desk.Session(db: server.db, server: server), "C-001")
            for args in [["approvals", "approve", hold, "--as", "alice"], ["approvals", "review", "--as", "alice"],
                         ["actions", "submit", "-", "--as", "alice"], ["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--as", "alice"]] {
                let r = try await CLITests.o2c(args, env: server.env(as: "sam"))
                #expect(r.status == 2 && r.stderr.contains("--as alice is refused over o2c serve (\(server.url))"), "\(args): \(r.stderr)")
            }
            #expect(try await CLITests.o2c(["approvals", "show", hold, "--json"], env: server.env(as: "alice")).json?["status"] == "pending")
            // With --db the CLI works on the file, as an operator, and --as names the actor again.
            let local = try await CLITests.o2c(["approvals", "approve", hold, "--as", "dana", "--db", server.db], env: server.env(as: "sam"))
            #expect(local.status == 0, "\(local.stdout)\(local.stderr)")
        }
    }

    @Test func aRepSeesAndDecidesOnlyRequestsOnTheirOwnCustomers() async throws {
        try await ServeProcess.run { server in
            let s = Desk.Session(db: server.db, server: server)
            let customers = try #require(try await CLITests.o2c(["customers", "list", "--json"], env: server.env(as: "sam")).json?.arrayValue)
            #expect(!customers.isEmpty && customers.allSatisfy { $0["owner"] == "sam" }, "\(customers)")
            let ritas = try #require(try await CLITests.o2c(["customers", "list", "--owner", "rita", "--json", "--db", server.db]).json?[0]?["id"]?.stringValue)
            let mine = try await ApprovalsCLITests.hold(s, "C-001")
            let theirs = try await ApprovalsCLITests.hold(s, ritas)
            let list = try await CLITests.o2c(["approvals", "list", "--json"], env: server.env(as: "sam"))
            let ids = (list.json?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids.contains(mine) && !ids.contains(theirs), "\(list.stdout)")
            #expect(!list.stdout.contains(ritas))
            let show = try await CLITests.o2c(["approvals", "show", theirs], env: server.env(as: "sam"))
            #expect(show.status == 1 && show.stderr.contains("no approval request \(theirs) in your accounts"), "\(show.stderr)")
            let review = try await CLITests.o2c(["approvals", "review"], env: server.env(as: "sam"), stdin: "q\n")
            #expect(review.stdout.contains(mine) && !review.stdout.contains(theirs), "\(review.stdout)")
            let approve = try await CLITests.o2c(["approvals", "approve", theirs], env: server.env(as: "sam"))
            #expect(approve.status == 1 && !approve.stderr.contains(ritas), "\(approve.stderr)")
            #expect(try await s.status(theirs) == "pending")
            let customer = try await CLITests.o2c(["customers", "show", ritas], env: server.env(as: "sam"))
            #expect(customer.status == 1 && customer.stderr.contains("no customer \(ritas) in your accounts"), "\(customer.stdout)\(customer.stderr)")
        }
    }

    @Test func aWrongTokenAndAnUnreachableServerGetClearMessages() async throws {
        try await ServeProcess.run { server in
            let wrong = try await CLITests.o2c(["approvals", "list"], env: ["O2C_URL": server.url, "O2C_TOKEN": "o2c_wrong"])
            #expect(wrong.status == 1 && wrong.stderr.contains("\(server.url) did not accept the token"), "\(wrong.stderr)")
            #expect(wrong.stderr.split(separator: "\n").count == 1 && !wrong.stderr.contains("o2c_wrong"))
        }
        let down = "http://127.0.0.1:1"
        let unreachable = try await CLITests.o2c(["approvals", "list"], env: ["O2C_URL": down, "O2C_TOKEN": "o2c_x"])
        #expect(unreachable.status == 1 && unreachable.stderr.contains("cannot reach o2c serve at \(down)"), "\(unreachable.stderr)")
        let notAURL = try await CLITests.o2c(["approvals", "list"], env: ["O2C_URL": "ftp://example.com", "O2C_TOKEN": "o2c_x"])
        #expect(notAURL.status == 1 && notAURL.stderr.contains("O2C_URL: 'ftp://example.com' is not a server URL"), "\(notAURL.stderr)")
        let noToken = try await CLITests.o2c(["approvals", "list"], env: ["O2C_URL": down])
        #expect(noToken.status == 1 && noToken.stderr.contains("no token for \(down): run 'o2c login --url \(down)'"), "\(noToken.stderr)")
        let noLedger = try await CLITests.o2c(["orders", "list"], env: ["O2C_URL": down, "O2C_TOKEN": "o2c_x"], cwd: try Self.configHome())
        #expect(noLedger.status == 1 && noLedger.stderr.contains("pass --db FILE"), "\(noLedger.stderr)")
    }
}
