import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c approvals list|show|approve|reject` (SPEC §8).
struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals", abstract: "The human-approval queue.",
        subcommands: [List.self, Show.self, Approve.self, Reject.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests, oldest and largest first.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "pending, approved, rejected, expired, executed or failed (default: pending).") var status: String?
        @Option(help: "Only requests that need this approver role.") var role: String?
        @Flag(help: "Every status.") var all = false
        @Option(help: "At most this many (oldest first).") var limit = 1000

        func validate() throws {
            if let status, !["pending", "approved", "rejected", "expired", "executed", "failed"].contains(status) {
                throw ValidationError("--status must be one of pending, approved, rejected, expired, executed, failed")
            }
            if let role, Role(rawValue: role) == nil {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let l = try ledger.open()
            let rows = try l.approvalRequests(status: all ? nil : (status ?? "pending"), role: role, limit: limit)
            if output.json { return Output.json(.array(rows)) }
            let now = l.clock.now()
            Output.table(["ID", "AGE", "STATUS", "ACTION", "CUSTOMER", "AMOUNT", "ASKED BY", "WHY", "RULE"], rows.map { r in
                let created = Output.text(r["created_at"])
                let rules = (r["rules"]?.arrayValue ?? []).map { "\(Output.text($0["file"])):\(Output.text($0["name"]))" }
                return [Output.text(r["id"]), Output.age(since: created, now: now), Output.text(r["status"]), Output.text(r["action"]),
                        Output.text(r["customer_id"]),
                        r["amount"] == .null ? "-" : "\(Output.text(r["amount"])) \(Output.text(r["currency"]))",
                        Output.text(r["actor"]), String(Output.text(r["reason"]).prefix(40)), rules.joined(separator: ", ")]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everything needed to decide: arguments, the facts the rules saw, the trace.")
        @Argument(help: "Request id, e.g. AP-12.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let r = try ledger.open().approvalRequest(id)
            if output.json { return Output.json(r) }
            print("\(Output.text(r["id"]))  \(Output.text(r["status"]))  \(Output.text(r["action"]))")
            print("  asked by     \(Output.text(r["actor"]))\(r["run_id"] == .null ? "" : " (run \(Output.text(r["run_id"])))")"
                  + "\((r["on_behalf_of"] ?? .null) == .null ? "" : " for \(Output.text(r["on_behalf_of"]))") at \(Output.text(r["created_at"]))")
            print("  why          \(Output.text(r["reason"]))")
            print("  needs        \(Output.text(r["approvers_required"])) approver(s) with role \(r["approver_role"] == .null ? "that may submit \(Output.text(r["action"])) (or admin)" : Output.text(r["approver_role"]))")
            print("  amount       \(r["amount"] == .null ? "-" : "\(Output.text(r["amount"])) \(Output.text(r["currency"]))")")
            print("  expires      \(Output.text(r["expires_at"]))")
            print("  rules:")
            for rule in r["rules"]?.arrayValue ?? [] { print("    \(Output.text(rule["file"])): \(Output.text(rule["name"])): \(Output.text(rule["message"]))") }
            print("  arguments (digest \(String(Output.text(r["args_digest"]).prefix(12)))):")
            print((r["args"] ?? .null).serialized(pretty: true).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            print("  facts the rules saw:")
            print((r["facts"] ?? .null).serialized(pretty: true).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            for d in r["approvals"]?.arrayValue ?? [] {
                print("  \(Output.text(d["decision"])) by \(Output.text(d["approver"])) at \(Output.text(d["at"])): \(Output.text(d["note"]))")
            }
            if r["outcome_reason"] != .null { print("  outcome      \(Output.text(r["outcome_reason"]))") }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request; the last approval executes it exactly once.")
        @Argument(help: "Request id, e.g. AP-12.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Why you approve.") var note: String?

        func run() throws {
            try decide(id, ledger: ledger, actor: actor, json: output.json) { l, name in try l.approve(id, by: name, note: note) }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a request (a note is required).")
        @Argument(help: "Request id, e.g. AP-12.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Why you reject (required).") var note: String?

        func run() throws {
            try decide(id, ledger: ledger, actor: actor, json: output.json) { l, name in try l.reject(id, by: name, note: note) }
        }
    }

    /// A person's decision on a request, behind the guardrails (a deny rule can fail it).
    static func decide(_ id: String, ledger: LedgerOptions, actor: ActorOptions, json: Bool,
                       _ act: (Ledger, String) throws -> ApprovalResult) throws {
        let who = try actor.actor()
        guard who.kind == .user else { throw CLIExit(code: 1, message: "only people decide on requests: --as must be a user, not \(who)") }
        try report(try act(try ledger.openGated(), who.name), json: json)
    }

    static func report(_ result: ApprovalResult, json: Bool) throws {
        let (status, message, code): (String, String, Int32)
        switch result {
        case .recorded(let id, let remaining): (status, message, code) = ("pending", "approval recorded; \(id) needs \(remaining) more approver(s)", 0)
        case .executed(let id, let r): (status, message, code) = ("executed", "\(id) approved and executed: \(r.summary)", 0)
        case .failed(let id, let reason): (status, message, code) = ("failed", "\(id) failed: \(reason)", 1)
        case .rejected(let id): (status, message, code) = ("rejected", "\(id) rejected", 0)
        case .refused(_, let reason): (status, message, code) = ("refused", reason, 1)
        case .expired(let id): (status, message, code) = ("expired", "\(id) has expired and can no longer be approved; ask for a new request", 1)
        case .requirementsChanged(let id, let reason): (status, message, code) = ("pending", "approval recorded, but \(id) still waits: \(reason)", 4)
        }
        if json {
            var o: JSONObject = ["status": .string(status), "message": .string(message)]
            if case .executed(_, let r) = result { o["result"] = r.json }
            Output.json(.object(o))
            if code != 0 { throw CLIExit(code: code, message: nil) }
        } else if code == 0 {
            print(message)
        } else {
            throw CLIExit(code: code, message: message)
        }
    }
}

/// `o2c users add|list|token|revoke`.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Users, roles, approval limits and API tokens.",
                                                    subcommands: [Add.self, List.self, Token.self, Revoke.self, Restore.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; prints its API token once (only a hash is stored).")
        @Argument(help: "User name.") var name: String
        @Option(help: "sales_rep, sales_manager, ar_clerk, credit_manager, finance_manager or admin.") var role: String
        @Option(name: .customLong("approval-limit"), help: "Largest amount (base currency) this user may approve; no limit when absent.")
        var approvalLimit: String?
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if Role(rawValue: role) == nil { throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
        }

        func run() throws {
            let (user, token) = try ledger.open().addUser(name: name, role: Role(rawValue: role) ?? .salesRep, approvalLimit: approvalLimit)
            UsersCommand.printToken(user, token, json: output.json)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let users = try ledger.open().users()
            if output.json { return Output.json(.array(users.map(\.json))) }
            Output.table(["NAME", "ROLE", "APPROVAL LIMIT", "ACCESS"], users.map { u in
                [u.name, u.role.rawValue, u.approvalLimit?.description ?? "no limit", u.revoked ? "revoked" : "active"]
            })
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a new API token (the old one stops working); refused for a revoked user (see restore).")
        @Argument(help: "User name.") var name: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (user, token) = try ledger.open().rotateToken(name: name)
            UsersCommand.printToken(user, token, json: output.json)
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift a user's revocation and issue a new API token (shown once; audited).")
        @Argument(help: "User name.") var name: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (user, token) = try ledger.open().restoreUser(name: name)
            UsersCommand.printToken(user, token, json: output.json)
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a user's access until 'o2c users restore NAME'.")
        @Argument(help: "User name.") var name: String
        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            try ledger.open().revokeUser(name: name)
            print("\(name)'s access is revoked")
        }
    }

    static func printToken(_ user: User, _ token: String, json: Bool) {
        if json {
            Output.json(["name": .string(user.name), "role": .string(user.role.rawValue), "token": .string(token)])
        } else {
            print("\(user.name) (\(user.role.rawValue)) token: \(token)")
            print("Keep it now: it is shown only once and stored only as a hash.")
        }
    }
}
