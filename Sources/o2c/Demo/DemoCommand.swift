import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c demo`: a morning of orders through the gate and the worker on a demo ledger (after
/// `o2c init --demo`), then what happened at each stage and what to try next.
struct DemoCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a morning of work on a demo ledger: orders through the gate, the worker until idle, invoices mailed, a dunning run, a summary.",
        discussion: "Run 'o2c init --demo' first. Agent steps use the configured model (O2C_LLM_*); without one they wait as review items."
    )

    @Option(name: .customLong("orders"), help: "Routine orders besides the credit-hold and short-stock ones.") var routineOrders = 6
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...100).contains(routineOrders) else { throw ValidationError("--orders must be between 0 and 100") }
    }

    func run() async throws {
        let opened = try ledger.openGated()
        let worker = try WorkflowSetup.make(ledger: opened).worker(ledger: opened, backoff: Backoff(baseSeconds: 0.2, maxSeconds: 2))
        let mail = try? MailSettings.transport(environment: ProcessInfo.processInfo.environment, home: Settings.current.home.path,
                                             configURL: Settings.current.file.smtpURL)
        let report = try await DemoDay(ledger: opened, worker: worker, routineOrders: routineOrders, dunning: try DunningCommand.levels(),
                                       dunningViaAgents: WorkflowSetup.modelConfigured, mailDestination: mail?.destination).run()
        if output.json { return Output.json(report.json) }
        print("A morning of work on \(ledger.path):")
        for line in report.lines { print("  " + line) }
        let db = ledger.db.map { " --db \($0)" } ?? ""
        print("""

            Try next:
              o2c approvals list\(db)                       # what waits for people (oldest first)
              o2c approvals show AP-…\(db)                 # a request: what, why, the facts; approve|reject AP-… --as NAME --note "…"
              o2c worker --until-idle\(db)                  # after approvals: the worker carries the orders on
              o2c jobs list\(db)                            # what the worker did; --failed for what is stuck
              o2c outbox list\(db)                          # the e-mails sent (invoices, dunning notices); .eml files in outbox/ without O2C_SMTP_URL
              o2c dunning worklist\(db)                     # the overdue accounts to call first
              o2c users token sam\(db) && o2c serve\(db)    # the HTTP API and the worker together; curl -H 'Authorization: Bearer TOKEN' localhost:8080/v1/customers
            """)
        // Each next step names this ledger: --db goes right before the step's comment.
        for step in report.nextSteps {
            let comment = step.range(of: "   #")
            print("  " + (comment.map { step[..<$0.lowerBound] + db + step[$0.lowerBound...] } ?? step + db))
        }
        if !WorkflowSetup.modelConfigured {
            print("No model is configured, so agent steps wait as review items ('no model configured'). Point o2c at one with O2C_LLM_BASE_URL and O2C_LLM_MODEL:")
            print("  OpenAI: https://api.openai.com/v1 (+ O2C_LLM_API_KEY) · Anthropic: O2C_LLM_PROVIDER=anthropic, https://api.anthropic.com · Ollama: http://127.0.0.1:11434/v1 (vLLM, llama.cpp server alike)")
        }
    }
}
