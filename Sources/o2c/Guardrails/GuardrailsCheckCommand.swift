import Foundation
import ArgumentParser
import O2CCore
import O2CLedger

/// `o2c guardrails check ACTION.json --as ACTOR`: the verdict without writing anything.
struct GuardrailsCheckCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print the guardrails' verdict on an action and every rule that fired, without writing anything.",
        discussion: """
            FILE holds {"action": "apply_discount", "args": {...}}; '-' reads stdin. The action runs against the ledger
            as it is now to gather its facts (customer position, order, invoice, amount), then is discarded.
            Exit codes: 0 allow, 3 deny, 4 require_approval, 1 invalid action or broken guardrails.
            """)
    @Argument(help: "The action document (JSON), or - for stdin.") var file: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .long, help: "Evaluate as a user with this role instead of the role in the users table.")
    var role: String?
    @Option(name: .customLong("guardrail-file"), help: "A named guardrail file that applies to this agent (repeatable; name without .yaml).")
    var agentFiles: [String] = []
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let role, Role(rawValue: role) == nil {
            throw ValidationError("unknown role '\(role)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let who = try actor.actor()
        let set: GuardrailSet
        switch Settings.current.home.guardrails() {
        case .success(let s): set = s
        case .failure(let e):
            for d in e.diagnostics { Output.error(d.description) }
            throw CLIExit(code: 1, message: "the guardrails are broken; fix them (o2c guardrails lint) and try again")
        }
        let unknown = set.unknownFiles(agentFiles)
        if !unknown.isEmpty {
            throw CLIExit(code: 2, message: "no named guardrail file \(unknown.joined(separator: ", ")); named files: \(set.namedFiles.joined(separator: ", "))")
        }
        let document = try Output.readJSON(file)
        let request: ActionRequest
        switch ActionRequest.parse(document: document, actor: who) {
        case .failure(let e):
            for m in e.messages { Output.error("\(file): \(m)") }
            throw CLIExit(code: 1, message: nil)
        case .success(let r): request = r
        }
        var facts: ActionFacts
        switch try GuardrailCheck.facts(for: request, ledgerPath: ledger.path) {
        case .invalid(let messages):
            if output.json {
                Output.json(["verdict": "invalid", "messages": .array(messages.map { .string($0) })])
            } else {
                print("invalid — the action would not reach the guardrails:")
                for m in messages { print("  \(m)") }
            }
            throw CLIExit(code: 1, message: nil)
        case .facts(let f): facts = f
        }
        if let role { facts.actorRole = Role(rawValue: role) }
        let verdict = set.evaluate(facts, agentFiles: agentFiles)
        if output.json {
            Output.json(["verdict": .string(verdict.outcome.rawValue), "approval": approval(verdict.decision),
                         "rules": .array(verdict.fired.map(\.json)), "facts": facts.guardrailJSON])
        } else {
            print(headline(verdict))
            if !verdict.fired.isEmpty {
                print("rules that fired:")
                for f in verdict.fired {
                    print("  \(f.outcome.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))  \(f.rule.file): \(f.rule.name): \"\(f.rule.message)\"")
                }
            }
        }
        switch verdict.outcome {
        case .allow: return
        case .deny: throw CLIExit(code: 3, message: nil)
        case .requireApproval: throw CLIExit(code: 4, message: nil)
        }
    }

    private func headline(_ verdict: GuardrailVerdict) -> String {
        var head = verdict.outcome.rawValue
        if case .requireApproval(let role, let approvers, _) = verdict.decision {
            head += " (\(approvers) approver\(approvers == 1 ? "" : "s"), role \(role?.rawValue ?? "any permitted"))"
        }
        guard let first = verdict.rules.first else { return head + " — no rule fired" }
        return head + " — \(first.file): \(first.name): \"\(first.message)\""
    }

    private func approval(_ decision: PolicyDecision) -> JSONValue {
        guard case .requireApproval(let role, let approvers, _) = decision else { return .null }
        return ["role": role.map { .string($0.rawValue) } ?? .null, "approvers": .int(approvers)]
    }
}
