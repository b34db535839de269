import ArgumentParser
import Foundation
import O2CAgents
import O2CCore
import O2CLedger

/// `o2c guardrails lint`.
struct GuardrailsLintCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Report every problem in guardrails/*.yaml with file, line, column and a fix; list the files loaded.",
        discussion: """
            Also reported: a missing roles.yaml (every write is refused without it) and a guardrail file that an agent
            profile names but that does not exist (that agent's writes are refused), at the profile's line.
            Exit code 1 when there is any problem.
            """)
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let home = Settings.current.home
        let directory = home.guardrailsDirectory
        let set = try? home.guardrails().get()
        var problems = GuardrailSet.lint(directory: directory)
        if FileManager.default.fileExists(atPath: directory), set.map({ !$0.hasRolesFile }) ?? !FileManager.default.fileExists(atPath: directory + "/roles.yaml") {
            problems.append(Diagnostic(file: directory + "/roles.yaml", line: 1, column: 1,
                                                message: "there is no roles.yaml, so every write is refused",
                                                suggestion: "add one saying which role may submit which action (guardrails/README.md)"))
        }
        if let set {
            let known = set.fileNames.map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 }
            for profile in home.catalog(guardrails: set).profiles {
                for (i, file) in profile.guardrails.enumerated() where !set.missingFiles([file]).isEmpty {
                    let spot = profile.positions["guardrails[\(i)]"]
                    problems.append(Diagnostic(
                        file: profile.file, line: spot?.line ?? 1, column: spot?.column ?? 1,
                        message: "agent \(profile.name) names guardrail file '\(file)', which is not in \(directory), so its writes are refused",
                        suggestion: Suggest.closest(to: file, in: known).map { "did you mean '\($0)'?" } ?? "add \(directory)/\(file).yaml or remove it from the profile"))
                }
            }
        }
        // The content guardrails (injection patterns, PII, dunning wording) live in guardrails/content/.
        let contentProblems = FileManager.default.fileExists(atPath: home.contentDirectory) ? ContentPolicy.lint(directory: home.contentDirectory) : []
        let count = problems.count + contentProblems.count
        if output.json {
            Output.json(["ok": .bool(count == 0), "files": .array((set?.fileNames ?? []).map { .string($0) }),
                         "diagnostics": .array(problems.map(GuardrailsCommand.json)),
                         "content_diagnostics": .array(contentProblems.map { .string($0) })])
        } else if count == 0 {
            let rules = set?.files.reduce(0) { $0 + $1.rules.count } ?? 0
            print("\(directory): \(set?.fileNames.count ?? 0) files, \(rules) rules, no problems")
            print("  loaded: \((set?.fileNames ?? []).joined(separator: ", "))")
        } else {
            for p in problems { print(p.description) }
            for p in contentProblems { print(p) }
        }
        if count > 0 {
            throw CLIExit(code: 1, message: output.json ? nil : "\(count) problem\(count == 1 ? "" : "s") in \(directory)")
        }
    }
}
