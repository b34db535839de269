import ArgumentParser
import Foundation
import O2CAgents
import O2CCore
import O2CDemo
import O2CLedger
import O2CLLM

/// Where agent designers' files live: `$O2C_HOME` (default: the current directory).
enum Home {
    static var path: String { ProcessInfo.processInfo.environment["O2C_HOME"] ?? Config.current.home ?? "." }

    static func catalog() -> AgentCatalog {
        AgentCatalog.load(home: path, guardrails: try? GuardrailSet.load(directory: Guardrails.directory).get())
    }

    static func assembler() -> PromptAssembler { PromptAssembler(promptsDirectory: path + "/prompts") }

    static func content() throws -> any ContentGuard {
        do { return try AgentHome.contentGuard(home: path) } catch {
            throw CLIExit(code: 1, message: "the content guardrails in \(path)/guardrails/content are broken: \(error)")
        }
    }

    /// A profile that loaded without problems, or exit with its problems.
    static func profile(_ name: String, in catalog: AgentCatalog) throws -> AgentProfile {
        guard let profile = catalog.profile(named: name) else {
            let hint = Suggest.closest(to: name, in: catalog.profiles.map(\.name)).map { " — did you mean '\($0)'?" } ?? ""
            throw CLIExit(code: 1, message: "no agent '\(name)' in \(path)/agents\(hint); 'o2c agents list' shows them")
        }
        let problems = catalog.diagnostics.filter { $0.file == profile.file }
        if !problems.isEmpty {
            throw CLIExit(code: 1, message: "agent '\(name)' has problems; fix them first:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
        }
        return profile
    }
}

/// `o2c agents list|show|lint|run|test`.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "Agent profiles: list, show, lint, run, test.",
                                                    subcommands: [List.self, Show.self, Lint.self, Run.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the agents of agents/.")
        @OptionGroup var output: OutputOptions

        func run() throws {
            let c = Home.catalog()
            if output.json {
                return Output.json(.array(c.profiles.map { p in
                    ["name": .string(p.name), "description": .string(p.description), "tools": .array(p.tools.map { .string($0) }),
                     "triggers": .array(p.triggers.map { .string($0) }), "guardrails": .array(p.guardrails.map { .string($0) })]
                }))
            }
            Output.table(["AGENT", "DESCRIPTION", "TOOLS", "TRIGGERS"], c.profiles.map { p in
                [p.name, p.description, String(p.tools.count), p.triggers.joined(separator: ",")]
            })
            if !c.diagnostics.isEmpty { print("\(c.diagnostics.count) problem(s): run 'o2c agents lint'") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print exactly what the model receives: the system prompt and the tool schemas.")
        @Argument(help: "Agent name.") var name: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let catalog = Home.catalog()
            let profile = try Home.profile(name, in: catalog)
            let content = try Home.content()
            let company = (try? ledger.open().companyName()) ?? "the company"
            let today = (try? ledger.open().clock.today()) ?? SystemClock().today()
            let system = try Home.assembler().systemPrompt(for: profile, company: company, today: today, untrustedDataRule: content.untrustedDataRule)
            let tools = ToolRegistry.standard.tools(for: profile)
            if output.json {
                return Output.json(["agent": .string(profile.name), "system_prompt": .string(system),
                                    "tools": .array(tools.map { ["name": .string($0.name), "effect": .string($0.effect.rawValue),
                                                                 "description": .string($0.description), "parameters": $0.schema] })])
            }
            print("=== system prompt ===")
            print(system)
            print("\n=== tools ===")
            for t in tools {
                print("\(t.name) (\(t.effect.rawValue)): \(t.description)")
                print(t.schema.serialized(pretty: true).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every agent profile: tools, guardrail files, triggers, model, limits, prompt includes.")
        @OptionGroup var output: OutputOptions

        func run() throws {
            let c = Home.catalog()
            if output.json {
                Output.json(["agents": .int(c.profiles.count), "problems": .array(c.diagnostics.map { d in
                    ["file": .string(d.file), "line": .int(d.line), "column": .int(d.column), "message": .string(d.message),
                     "suggestion": d.suggestion.map { .string($0) } ?? .null]
                })])
            } else {
                for d in c.diagnostics { print(d.description) }
                if c.diagnostics.isEmpty { print("\(c.profiles.count) agents, no problems") }
            }
            if !c.diagnostics.isEmpty { throw CLIExit(code: 1, message: output.json ? nil : "\(c.diagnostics.count) problem(s)") }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run an agent once against the configured model endpoint and print its trace.")
        @Argument(help: "Agent name.") var name: String
        @Option(help: "The input: an e-mail, a purchase order, a question.") var input: String
        @OptionGroup var actor: ActorOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let catalog = Home.catalog()
            let profile = try Home.profile(name, in: catalog)
            // The user who starts the run is recorded; they cannot approve what it proposes.
            let user = try actor.actorIfGiven()
            if let user, user.kind != .user { throw CLIExit(code: 2, message: "agents run --as takes the user who asks (a user name), not \(user)") }
            let settings = try Config.require().modelSettings(named: profile.model)
            let runner = AgentRunner(ledger: try ledger.openGated(), assembler: Home.assembler(), content: try Home.content(),
                                     client: settings.client(), modelOverride: settings.model, requestTimeoutSeconds: settings.timeoutSeconds)
            let result = await runner.run(profile, input: input, onBehalfOf: user?.name)
            if output.json {
                Output.json(result.json)
            } else {
                print("\(result.runID) \(profile.name): \(result.state.rawValue)\(result.reason.map { " — \($0)" } ?? "")")
                for c in result.toolCalls { print("  \(c.tool) \(c.arguments.serialized()) → \(c.outcome)\(c.approvalID.map { " (\($0))" } ?? "")") }
                if !result.answer.isEmpty { print("\n" + result.answer) }
                print("\ntokens: \(result.inputTokens) in, \(result.outputTokens) out · trace: o2c runs show \(result.runID)")
                if !settings.isConfigured {
                    print("No model endpoint is configured: set O2C_LLM_BASE_URL (and O2C_LLM_MODEL, O2C_LLM_API_KEY) for OpenAI, Anthropic (O2C_LLM_PROVIDER=anthropic) or a local Ollama / vLLM / llama.cpp server.")
                }
            }
            switch result.state {
            case .completed: return
            case .waitingApproval: throw CLIExit(code: 4, message: nil)
            case .incomplete, .failed: throw CLIExit(code: 1, message: nil)
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replay the scenarios in agents/tests/*.yaml against a scripted model and a fresh demo ledger.")
        @Argument(help: "Only this agent's scenarios.") var name: String?
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let dir = Home.path + "/agents/tests"
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            var scenarios: [AgentScenario] = []
            for f in files {
                do { scenarios.append(try AgentScenario.load(path: dir + "/" + f, display: "agents/tests/" + f)) } catch {
                    throw CLIExit(code: 1, message: "\(error)")
                }
            }
            if let name { scenarios = scenarios.filter { $0.agent == name } }
            guard !scenarios.isEmpty else { throw CLIExit(code: 1, message: "no scenarios\(name.map { " for \($0)" } ?? "") in \(dir)") }
            let template = NSTemporaryDirectory() + "o2c-scenarios-\(ProcessInfo.processInfo.processIdentifier)"
            try FileManager.default.createDirectory(atPath: template, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: template) }
            let base = template + "/demo.sqlite"
            try DemoLedger.create(path: base)
            let runner = ScenarioRunner(catalog: Home.catalog(), assembler: Home.assembler(), content: try Home.content())
            var results: [ScenarioResult] = []
            for (k, s) in scenarios.enumerated() {
                let copy = template + "/s\(k).sqlite"
                try FileManager.default.copyItem(atPath: base, toPath: copy)
                let ledger = try Ledger.open(path: copy, clock: ManualClock(date: DemoLedger.asOf), policy: Guardrails.load())
                results.append(await runner.run(s, ledger: O2CLedgerHandle(ledger)))
            }
            if output.json {
                Output.json(.array(results.map { r in
                    ["scenario": .string(r.scenario.file), "agent": .string(r.scenario.agent), "passed": .bool(r.passed),
                     "mismatches": .array(r.mismatches.map { .string($0) }), "run": r.run.json]
                }))
            } else {
                for r in results {
                    print("\(r.passed ? "PASS" : "FAIL")  \(r.scenario.file)  (\(r.scenario.agent): \(r.scenario.description))")
                    for c in r.run.toolCalls { print("        \(c.tool) → \(c.outcome)\(c.approvalID.map { " \($0)" } ?? "")") }
                    print("        state \(r.run.state.rawValue)")
                    for m in r.mismatches { print("    ✗ \(m)") }
                }
                let failed = results.filter { !$0.passed }.count
                print("\(results.count - failed) passed, \(failed) failed")
            }
            if results.contains(where: { !$0.passed }) { throw CLIExit(code: 1, message: nil) }
        }
    }
}

/// The demo ledger scenarios and benchmarks start from (seed 42, as of 2026-11-25).
enum DemoLedger {
    static let asOf = BusinessDate(year: 2026, month: 11, day: 25) ?? BusinessDate(dayNumber: 0)

    static func create(path: String) throws {
        let clock = ManualClock(date: asOf.adding(days: -200))
        let ledger = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
        try ledger.setUp(DemoData.masterData(seed: DemoData.defaultSeed, asOf: asOf))
        _ = try DemoData.populate(ledger, clock: clock, seed: DemoData.defaultSeed, asOf: asOf)
        try DemoData.addUsers(ledger)
    }
}

/// `o2c runs list|show`.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Stored agent runs (traces).", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this agent's runs.") var agent: String?

        func run() throws {
            let rows = try ledger.open().runs(agent: agent)
            if output.json { return Output.json(.array(rows)) }
            Output.table(["RUN", "AGENT", "STATE", "STARTED", "TOKENS", "WAITING FOR"], rows.map { r in
                [Output.text(r["run_id"]), Output.text(r["agent"]), Output.text(r["state"]), Output.text(r["started_at"]),
                 "\(Output.text(r["usage"]?["input_tokens"]))+\(Output.text(r["usage"]?["output_tokens"]))",
                 (r["approval_ids"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a run's trace: every model request and reply, tool call, gate outcome, token count and timing.")
        @Argument(help: "Run id, e.g. RUN-3.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let r = try ledger.open().run(id)
            if output.json { return Output.json(r) }
            print("\(Output.text(r["run_id"])) \(Output.text(r["agent"])): \(Output.text(r["state"]))\(r["reason"] == .null ? "" : " — \(Output.text(r["reason"]))")")
            if (r["on_behalf_of"] ?? .null) != .null { print("on behalf of: \(Output.text(r["on_behalf_of"]))") }
            print("input: \(Output.text(r["input"]))")
            for s in r["steps"]?.arrayValue ?? [] {
                switch s["kind"]?.stringValue {
                case "model":
                    print("  [model] step \(Output.text(s["step"])) \(Output.text(s["ms"])) ms, tokens \(Output.text(s["usage"]?["input_tokens"]))+\(Output.text(s["usage"]?["output_tokens"]))")
                case "tool":
                    print("  [tool]  \(Output.text(s["tool"])) \((s["arguments"] ?? .null).serialized()) → \(Output.text(s["outcome"])) (\(Output.text(s["ms"])) ms)")
                    print("          \(String((s["result"] ?? .null).serialized().prefix(300)))")
                default:
                    print("  [\(Output.text(s["kind"]))] \((s["findings"] ?? s["error"] ?? .null).serialized())")
                }
            }
            print("answer: \(Output.text(r["answer"]))")
        }
    }
}
