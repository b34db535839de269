import Foundation
import ArgumentParser
import O2CCore

/// `o2c approvals review`: the pending queue one request at a time, a key per decision.
struct ApprovalsReviewCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Walk through the pending queue one request at a time: approve, reject with a note, skip.",
        discussion: """
            Each request shows what, why and the facts the rules saw; then a key: a approve, r reject (asks for a note),
            s skip, q quit. At a terminal a key needs no Enter; from a pipe each line is one answer. Works on a local ledger
            (--as NAME) and over o2c serve (as the token's user). Exit code 1 when a decision was refused or failed.
            """)
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "Only requests that need this approver role.") var role: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let role, Role(rawValue: role) == nil {
            throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let access = try ledger.access(acting: actor)
        let queue = try await access.approvals(status: "pending", role: role, limit: Int.max).compactMap { $0["id"]?.stringValue }
        guard !queue.isEmpty else { return print("nothing is waiting for a decision") }
        print("\(queue.count) request(s) waiting. Keys: a approve, r reject (asks for a note), s skip, q quit.")
        var tally: [String: Int] = [:]
        var failed = false
        walk: for (k, id) in queue.enumerated() {
            let r = try await access.approval(id)
            print("\n[\(k + 1)/\(queue.count)] ", terminator: "")
            guard r["status"]?.stringValue == "pending" else {
                print("\(id) is \(Output.text(r["status"])) now; skipped")
                continue
            }
            ApprovalText.show(r)
            while true {
                guard let key = Terminal.key("[a]pprove  [r]eject  [s]kip  [q]uit > ")?.lowercased() else { break walk }
                var note: String?
                switch key {
                case "a": note = nil
                case "r":
                    guard let text = Terminal.line("note (why you reject): ") else { break walk }
                    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                        print("a rejection needs a note; press r again, or another key")
                        continue
                    }
                    note = text
                case "s":
                    tally["skipped", default: 0] += 1
                    continue walk
                case "q": break walk
                default:
                    print("press a, r, s or q")
                    continue
                }
                let result = try await access.decide(id, approving: key == "a", note: note, digest: Output.text(r["args_digest"]))
                let (status, message, code) = ApprovalText.describe(result)
                print(message)
                tally[code == 1 ? "refused or failed" : status == "rejected" ? "rejected" : "approved", default: 0] += 1
                failed = failed || code == 1
                continue walk
            }
        }
        let counts = ["approved", "rejected", "skipped", "refused or failed"].compactMap { w in tally[w].map { "\($0) \(w)" } }
        print("\nreviewed: " + (counts.isEmpty ? "nothing decided" : counts.joined(separator: ", ")))
        if failed { throw CLIExit(code: 1, message: nil) }
    }
}
