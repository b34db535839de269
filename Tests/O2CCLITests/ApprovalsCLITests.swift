import Foundation
import O2CCore
import Testing

/// Where an approver works: a local ledger file (`--db`, acting as `--as`) or `o2c serve` (O2C_URL
/// and the person's token). The approval tests run the same steps both ways.
enum Desk: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case local, remote

    var testDescription: String { rawValue }

    /// Runs `body` with a ledger and, for `remote`, a server on it.
    func run(_ body: (Session) async throws -> Void) async throws {
        let db = try await CLITests.freshCopy()
        switch self {
        case .local: try await body(Session(db: db, server: nil))
        case .remote: try await ServeProcess.run(db: db) { try await body(Session(db: db, server: $0)) }
        }
    }

    /// One ledger, seen locally or through its server.
    struct Session {
        let db: String
        let server: ServeProcess?

        /// A command that reads, as `user` (over the server the token decides what is visible).
        func read(_ args: [String], as user: String = "alice") async throws -> CLITests.Run {
            if let server { return try await CLITests.o2c(args, env: server.env(as: user)) }
            return try await CLITests.o2c(args + ["--db", db], env: CLITests.home)
        }

        /// A command that acts as `user`: `--as` locally, the user's token over the server.
        func act(_ args: [String], as user: String, stdin: String? = nil) async throws -> CLITests.Run {
            if let server { return try await CLITests.o2c(args, env: server.env(as: user), stdin: stdin) }
            return try await CLITests.o2c(args + ["--db", db, "--as", user], env: CLITests.home, stdin: stdin)
        }

        /// A request's field, read as alice (an admin).
        func status(_ id: String) async throws -> String? { try await read(["approvals", "show", id, "--json"]).json?["status"]?.stringValue }
    }
}

@Suite("o2c approvals, locally and over o2c serve", .serialized)
struct ApprovalsCLITests {
    /// An agent's proposal, made on the ledger file (as the workflow would): its request id.
    static func propose(_ s: Desk.Session, _ document: String, as agent: String) async throws -> String {
        let r = try await CLITests.o2c(["actions", "submit", try CLITests.write(document), "--as", agent, "--json", "--db", s.db], env: CLITests.home)
        #expect(r.status == 4, "\(r.stdout)\(r.stderr)")
        return try #require(r.json?["approval_id"]?.stringValue)
    }

    static func hold(_ s: Desk.Session, _ customer: String) async throws -> String {
        try await propose(s, #"{"action": "place_credit_hold", "args": {"customer_id": "\#(customer)", "reason": "slow payer"}}"#, as: "agent:credit-controller")
    }

    /// A new order of sam's customer C-001, and a 10% discount on it an agent proposes (for a sales manager).
    static func discount(_ s: Desk.Session) async throws -> String {
        let order = try await CLITests.o2c(["orders", "create", "--customer", "C-001", "--line", "WID-100:2", "--as", "sam", "--json", "--db", s.db], env: CLITests.home)
        let id = try #require(order.json?["result"]?["id"]?.stringValue, "\(order.stderr)")
        return try await propose(s, #"{"action": "apply_discount", "args": {"order_id": "\#(id)", "discount_percent": "10", "reason": "loyal"}}"#, as: "agent:order-intake")
    }

    @Test(arguments: Desk.allCases)
    func anApproverListsShowsApprovesAndRejects(desk: Desk) async throws {
        try await desk.run { s in
            // The discount's new order raises C-001's exposure; the hold proposed after it sees that.
            let discount = try await Self.discount(s)
            let hold = try await Self.hold(s, "C-001")
            let list = try await s.read(["approvals", "list", "--json"])
            #expect(list.status == 0, "\(list.stderr)")
            let ids = (list.json?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(ids == [discount, hold], "pending only, oldest first: \(list.stdout)")
            for key in ["id", "status", "action", "args", "actor", "reason", "rules", "amount", "currency", "created_at", "expires_at"] {
                #expect(list.json?[0]?[key] != nil, "approvals list lacks \(key)")
            }
            let table = try await s.read(["approvals", "list"])
            #expect(table.stdout.contains(hold) && table.stdout.contains("place_credit_hold") && table.stdout.contains("agent:credit-controller"))

            let shown = try await s.read(["approvals", "show", hold])
            let digest = try #require(try await s.read(["approvals", "show", hold, "--json"]).json?["args_digest"]?.stringValue)
            #expect(shown.stdout.contains("digest \(digest)") && shown.stdout.contains("facts the rules saw"), "\(shown.stdout)")

            let approved = try await s.act(["approvals", "approve", hold, "--note", "no payment promise"], as: "dana")
            #expect(approved.status == 0, "\(approved.stdout)\(approved.stderr)")
            #expect(approved.stdout.contains("approving \(hold) place_credit_hold") && approved.stdout.contains("\(hold) approved and executed"),
                    "\(approved.stdout)")
            #expect(try await s.status(hold) == "executed")
            #expect(try await s.read(["customers", "show", "C-001", "--json"]).json?["on_hold"] == true)

            let rejected = try await s.act(["approvals", "reject", discount, "--note", "price is our floor", "--json"], as: "mia")
            #expect(rejected.status == 0 && rejected.json?["status"] == "rejected", "\(rejected.stdout)\(rejected.stderr)")
            #expect(try await s.status(discount) == "rejected")
            let again = try await s.act(["approvals", "approve", discount], as: "mia")
            #expect(again.status == 1 && again.stderr.contains(discount), "\(again.stderr)")
        }
    }

    @Test(arguments: Desk.allCases)
    func badInputIsRefusedWithOneClearLine(desk: Desk) async throws {
        try await desk.run { s in
            let hold = try await Self.hold(s, "C-001")
            let unknown = try await s.act(["approvals", "approve", "AP-999"], as: "dana")
            #expect(unknown.status == 1 && unknown.stderr.contains("AP-999") && unknown.stderr.contains("does not exist"), "\(unknown.stderr)")
            let noNote = try await s.act(["approvals", "reject", hold], as: "dana")
            #expect(noNote.status == 2 && noNote.stderr.contains("--note"), "\(noNote.stderr)")
            #expect(try await s.act(["approvals", "reject", hold, "--note", "  "], as: "dana").status == 2)
            let stale = try await s.act(["approvals", "approve", hold, "--digest", String(repeating: "0", count: 64)], as: "dana")
            #expect(stale.status == 1 && stale.stderr.contains("digest mismatch"), "\(stale.stdout)\(stale.stderr)")
            #expect(try await s.status(hold) == "pending")
            #expect(try await s.read(["approvals", "list", "--status", "open"]).status == 2)
            #expect(!(unknown.stderr + stale.stderr).contains("Fatal error"))
        }
    }

    @Test(arguments: Desk.allCases)
    func theProposerCannotApproveTheirOwnRequest(desk: Desk) async throws {
        try await desk.run { s in
            let order = try await s.act(["orders", "create", "--customer", "C-001", "--line", "WID-100:2", "--json"], as: "sam")
            #expect(order.status == 0, "\(order.stdout)\(order.stderr)")
            let orderID = try #require(order.json?["result"]?["id"]?.stringValue)
            let file = try CLITests.write(#"{"action": "apply_discount", "args": {"order_id": "\#(orderID)", "discount_percent": "20", "reason": "loyal"}}"#)
            let asked = try await s.act(["actions", "submit", file, "--json"], as: "sam")
            #expect(asked.status == 4 && asked.json?["outcome"] == "pending_approval", "\(asked.stdout)\(asked.stderr)")
            let id = try #require(asked.json?["approval_id"]?.stringValue)
            let own = try await s.act(["approvals", "approve", id], as: "sam")
            #expect(own.status == 1 && own.stderr.contains("the proposer cannot approve"), "\(own.stdout)\(own.stderr)")
            #expect(try await s.status(id) == "pending")
            let manager = try await s.act(["approvals", "approve", id, "--note", "long-standing customer"], as: "mia")
            #expect(manager.status == 0 && manager.stdout.contains("\(id) approved and executed"), "\(manager.stdout)\(manager.stderr)")
        }
    }

    @Test(arguments: Desk.allCases)
    func actionsSubmitAnswersWithTheExitCodesOfSPEC12(desk: Desk) async throws {
        try await desk.run { s in
            func submit(_ document: String, as user: String) async throws -> CLITests.Run {
                try await s.act(["actions", "submit", try CLITests.write(document), "--json"], as: user)
            }
            let executed = try await submit(#"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "90000.00"}}"#, as: "fiona")
            #expect(executed.status == 0 && executed.json?["outcome"] == "executed", "\(executed.stdout)\(executed.stderr)")
            let denied = try await submit(#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 1, "unit_price": "0.00"}]}}"#, as: "sam")
            #expect(denied.status == 3 && denied.json?["outcome"] == "denied", "\(denied.stdout)\(denied.stderr)")
            let invalid = try await submit(#"{"action": "create_order", "args": {"customer_id": "C-001", "lines": [{"sku": "XX-1", "quantity": 1}]}}"#, as: "alice")
            #expect(invalid.status == 1 && invalid.json?["outcome"] == "invalid" && invalid.stdout.contains("XX-1"), "\(invalid.stdout)\(invalid.stderr)")
            let order = try await s.act(["orders", "create", "--customer", "C-001", "--line", "WID-100:1", "--json"], as: "sam")
            let id = try #require(order.json?["result"]?["id"]?.stringValue, "\(order.stderr)")
            let pending = try await submit(#"{"action": "apply_discount", "args": {"order_id": "\#(id)", "discount_percent": "20", "reason": "loyal"}}"#, as: "sam")
            #expect(pending.status == 4 && pending.json?["outcome"] == "pending_approval", "\(pending.stdout)\(pending.stderr)")
            #expect(try await s.read(["customers", "show", "C-001", "--json"]).json?["credit_limit"] == "90000.00")
        }
    }

    @Test(arguments: Desk.allCases)
    func reviewWalksThroughTheQueueOneKeyAtATime(desk: Desk) async throws {
        try await desk.run { s in
            let first = try await Self.hold(s, "C-001"), second = try await Self.hold(s, "C-002")
            let discount = try await Self.discount(s)
            // The first hold is skipped, a stray key gets help, the second is approved; the input ends.
            let r = try await s.act(["approvals", "review", "--role", "credit_manager"], as: "dana", stdin: "s\nx\na\n")
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("2 request(s) waiting") && r.stdout.contains("[1/2] \(first)") && r.stdout.contains("[2/2] \(second)"), "\(r.stdout)")
            #expect(r.stdout.contains("facts the rules saw") && r.stdout.contains("press a, r, s or q"))
            #expect(r.stdout.contains("\(second) approved and executed") && r.stdout.contains("reviewed: 1 approved, 1 skipped"), "\(r.stdout)")
            #expect(try await s.status(first) == "pending")
            #expect(try await s.status(second) == "executed")

            // A rejection asks for a note, and an empty one is not taken; q ends the walk.
            let rejected = try await s.act(["approvals", "review", "--role", "sales_manager"], as: "mia", stdin: "r\n\nr\ntoo generous\nq\n")
            #expect(rejected.status == 0, "\(rejected.stdout)\(rejected.stderr)")
            #expect(rejected.stdout.contains("a rejection needs a note") && rejected.stdout.contains("\(discount) rejected"), "\(rejected.stdout)")
            #expect(try await s.status(discount) == "rejected")

            // A decision the ledger refuses is shown, and the exit code says so.
            let refused = try await s.act(["approvals", "review", "--role", "credit_manager"], as: "mia", stdin: "a\n")
            #expect(refused.status == 1 && refused.stdout.contains("reviewed: 1 refused or failed"), "\(refused.stdout)\(refused.stderr)")
            #expect(try await s.status(first) == "pending")
            let nothing = try await s.act(["approvals", "review", "--role", "finance_manager"], as: "fiona", stdin: "")
            #expect(nothing.status == 0 && nothing.stdout.contains("nothing is waiting"), "\(nothing.stdout)")
        }
    }
}
