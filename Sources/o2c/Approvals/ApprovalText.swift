import O2CClient
import O2CCore
import O2CLedger

/// How the approval commands print a request and a decision, and the one way they decide.
enum ApprovalText {
    /// "4182.04 USD", or "-".
    static func amount(_ r: JSONValue) -> String {
        (r["amount"] ?? .null) == .null ? "-" : "\(Output.text(r["amount"])) \(Output.text(r["currency"]))"
    }

    /// The proposer, and the person an agent acted for.
    static func askedBy(_ r: JSONValue) -> String {
        Output.text(r["actor"]) + ((r["on_behalf_of"] ?? .null) == .null ? "" : " for \(Output.text(r["on_behalf_of"]))")
    }

    /// One line: id, action, customer, amount, who asked and why.
    static func summary(_ r: JSONValue) -> String {
        "\(Output.text(r["id"])) \(Output.text(r["action"])) \(Output.text(r["customer_id"])) \(amount(r)), asked by \(askedBy(r)): \(Output.text(r["reason"]))"
    }

    /// Everything an approver needs: what, why, the requirement, the exact arguments and their
    /// digest, the facts the rules saw, the decisions so far.
    static func show(_ r: JSONValue) {
        func indented(_ v: JSONValue?) -> String { (v ?? .null).serialized(pretty: true).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") }
        print("\(Output.text(r["id"]))  \(Output.text(r["status"]))  \(Output.text(r["action"]))")
        print("  asked by     \(askedBy(r))\(r["run_id"] == .null ? "" : " (run \(Output.text(r["run_id"])))") at \(Output.text(r["created_at"]))")
        print("  why          \(Output.text(r["reason"]))")
        let role = r["approver_role"] == .null ? "that may submit \(Output.text(r["action"])) (or admin)" : Output.text(r["approver_role"])
        print("  needs        \(Output.text(r["approvers_required"])) approver(s) with role \(role)")
        print("  amount       \(amount(r))")
        print("  expires      \(Output.text(r["expires_at"]))")
        print("  rules:")
        for rule in r["rules"]?.arrayValue ?? [] { print("    \(Output.text(rule["file"])): \(Output.text(rule["name"])): \(Output.text(rule["message"]))") }
        print("  arguments (digest \(Output.text(r["args_digest"]))):")
        print(indented(r["args"]))
        print("  facts the rules saw:")
        print(indented(r["facts"]))
        for d in r["approvals"]?.arrayValue ?? [] {
            print("  \(Output.text(d["decision"])) by \(Output.text(d["approver"])) at \(Output.text(d["at"])): \(Output.text(d["note"]))")
        }
        if r["outcome_reason"] != .null { print("  outcome      \(Output.text(r["outcome_reason"]))") }
    }

    /// Reads the request, says what is being decided, and decides bound to the digest shown
    /// (`digest`, else the one just read); prints the result with SPEC §12's exit code.
    static func decide(_ d: DecisionOptions, approving: Bool, ledger: LedgerOptions, actor: ActorOptions, json: Bool) async throws {
        let access = try ledger.access(acting: actor)
        let shown = try await access.approval(d.id)
        if !json { print("\(approving ? "approving" : "rejecting") \(summary(shown))") }
        let result = try await access.decide(d.id, approving: approving, note: d.note, digest: d.digest ?? Output.text(shown["args_digest"]))
        try report(result, json: json)
    }

    /// What a decision did: a status word, a line for people, and the exit code.
    static func describe(_ result: ApprovalResult) -> (status: String, message: String, code: Int32) {
        switch result {
        case .recorded(let id, let remaining): return ("pending", "approval recorded; \(id) needs \(remaining) more approver(s)", 0)
        case .executed(let id, let r): return ("executed", "\(id) approved and executed: \(r.summary)", 0)
        case .failed(let id, let reason): return ("failed", "\(id) failed: \(reason)", 1)
        case .rejected(let id): return ("rejected", "\(id) rejected", 0)
        case .refused(_, let reason): return ("refused", reason, 1)
        case .expired(let id): return ("expired", "\(id) has expired and can no longer be approved; ask for a new request", 1)
        case .requirementsChanged(let id, let reason): return ("pending", "approval recorded, but \(id) still waits: \(reason)", 4)
        }
    }

    /// Prints a decision (text or `{status, message, result?}`) and exits with its code when not 0.
    static func report(_ result: ApprovalResult, json: Bool) throws {
        let (status, message, code) = describe(result)
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
