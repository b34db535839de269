import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c orders ingest --text FILE`: a purchase order or e-mail in free text, read by the
/// order-intake agent; its order goes through the gate, anything uncertain to the queue.
struct OrdersIngestCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read an order e-mail or purchase order in free text with the order-intake agent (its order goes through the gate).",
        discussion: "The same text twice is read once. With no model configured the text waits in the approval queue as a review item."
    )

    @Option(help: "The text file (an e-mail or a purchase order).") var text: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: text) else {
            throw CLIExit(code: 1, message: "cannot read \(text); give the path of a text file")
        }
        let body = String(decoding: data, as: UTF8.self)
        let opened = try ledger.openGated()
        let worker = try WorkflowSetup.make(ledger: opened).worker(ledger: opened)
        let jobs: [Job]
        do { jobs = try await TextIntake.ingest(text: body, source: (text as NSString).lastPathComponent, worker: worker) } catch let e as TextIntake.Refused {
            throw CLIExit(code: 1, message: e.description)
        }
        if output.json { return Output.json(.array(jobs.map(\.json))) }
        var waiting = false
        for job in jobs {
            let r = job.result ?? .null
            let approvals = (r["approval_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
            waiting = waiting || !approvals.isEmpty
            print("\(job.id) \(job.payload["agent"]?.stringValue ?? job.kind): \(job.status.rawValue)\(job.lastError.map { " — \($0)" } ?? "")")
            if let run = r["run_id"]?.stringValue { print("  run \(run): \(r["state"]?.stringValue ?? "?")\(r["reason"]?.stringValue.map { " — \($0)" } ?? "")") }
            for call in r["tool_calls"]?.arrayValue ?? [] where call["outcome"]?.stringValue != "ok" {
                print("  \(call["tool"]?.stringValue ?? "?") → \(call["outcome"]?.stringValue ?? "?")\(call["approval_id"]?.stringValue.map { " (\($0))" } ?? "")")
            }
            if !approvals.isEmpty { print("  waiting for people: \(approvals.joined(separator: ", ")) ('o2c approvals show ID')") }
        }
        if waiting { throw CLIExit(code: 4, message: nil) }
    }
}
