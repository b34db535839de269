import ArgumentParser
import Foundation
import O2CCore
import O2CAgents
import O2CLedger

/// `o2c guardrails lint|check`.
struct GuardrailsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guardrails", abstract: "Check the guardrail files, and try an action against them without writing anything.",
        subcommands: [Lint.self, Check.self])

    /// `--home`: the folder holding `guardrails/`, else `O2C_HOME`, else the current directory.
    struct HomeOptions: ParsableArguments {
        @Option(name: .long, help: "The folder that holds guardrails/ (default: $O2C_HOME or the current directory).")
        var home: String?

        var root: String { home ?? ProcessInfo.processInfo.environment["O2C_HOME"] ?? "." }

        var directory: String { root == "." ? "guardrails" : root + "/guardrails" }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem in guardrails/*.yaml with file, line, column and a fix; list the files loaded.",
            discussion: """
                Also reported: a missing roles.yaml (every write is refused without it) and a guardrail file that an agent
                profile names but that does not exist (that agent's writes are refused), at the profile's line.
                Exit code 1 when there is any problem.
                """)
        @OptionGroup var home: HomeOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let set = try? GuardrailSet.load(directory: home.directory).get()
            var problems = GuardrailSet.lint(directory: home.directory)
            if FileManager.default.fileExists(atPath: home.directory), set.map({ !$0.hasRolesFile }) ?? !FileManager.default.fileExists(atPath: home.directory + "/roles.yaml") {
                problems.append(GuardrailDiagnostic(file: home.directory + "/roles.yaml", line: 1, column: 1,
                                                    message: "there is no roles.yaml, so every write is refused",
                                                    suggestion: "add one saying which role may submit which action (guardrails/README.md)"))
            }
            if let set {
                for profile in AgentCatalog.load(home: home.root, guardrails: set).profiles {
                    for (i, file) in profile.guardrails.enumerated() where !set.missingFiles([file]).isEmpty {
                        let spot = profile.positions["guardrails[\(i)]"]
                        let known = set.fileNames.map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 }
                        problems.append(GuardrailDiagnostic(
                            file: profile.file, line: spot?.line ?? 1, column: spot?.column ?? 1,
                            message: "agent \(profile.name) names guardrail file '\(file)', which is not in \(home.directory), so its writes are refused",
                            suggestion: Suggest.closest(to: file, in: known).map { "did you mean '\($0)'?" } ?? "add \(home.directory)/\(file).yaml or remove it from the profile"))
                    }
                }
            }
            // The content guardrails (injection patterns, PII, dunning wording) live in guardrails/content/.
            let contentDirectory = home.directory + "/content"
            let contentProblems = FileManager.default.fileExists(atPath: contentDirectory) ? ContentPolicy.lint(directory: contentDirectory) : []
            let count = problems.count + contentProblems.count
            if output.json {
                Output.json(["ok": .bool(count == 0), "files": .array((set?.fileNames ?? []).map { .string($0) }),
                             "diagnostics": .array(problems.map(GuardrailsCommand.json)),
                             "content_diagnostics": .array(contentProblems.map { .string($0) })])
            } else if count == 0 {
                let rules = set?.files.reduce(0) { $0 + $1.rules.count } ?? 0
                print("\(home.directory): \(set?.fileNames.count ?? 0) files, \(rules) rules, no problems")
                print("  loaded: \((set?.fileNames ?? []).joined(separator: ", "))")
            } else {
                for p in problems { print(p.description) }
                for p in contentProblems { print(p) }
            }
            if count > 0 {
                throw CLIExit(code: 1, message: output.json ? nil : "\(count) problem\(count == 1 ? "" : "s") in \(home.directory)")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the guardrails' verdict on an action and every rule that fired, without writing anything.",
            discussion: """
                FILE holds {"action": "apply_discount", "args": {...}}; '-' reads stdin. The action runs against the ledger
                as it is now to gather its facts (customer position, order, invoice, amount), then is discarded.
                Exit codes: 0 allow, 3 deny, 4 require_approval, 1 invalid action or broken guardrails.
                """)
        @Argument(help: "The action document (JSON), or - for stdin.") var file: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var home: HomeOptions
        @OptionGroup var output: OutputOptions
        @Option(name: .long, help: "Evaluate as a user with this role instead of the role in the users table.")
        var role: String?
        @Option(name: .customLong("guardrail-file"), help: "A named guardrail file that applies to this agent (repeatable; name without .yaml).")
        var agentFiles: [String] = []

        func validate() throws {
            if let role, Role(rawValue: role) == nil {
                throw ValidationError("unknown role '\(role)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let who = try actor.actor()
            let set: GuardrailSet
            switch GuardrailSet.load(directory: home.directory) {
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

    static func json(_ d: GuardrailDiagnostic) -> JSONValue {
        ["file": .string(d.file), "line": .int(d.line), "column": .int(d.column), "message": .string(d.message),
         "suggestion": d.suggestion.map { .string($0) } ?? .null]
    }
}
