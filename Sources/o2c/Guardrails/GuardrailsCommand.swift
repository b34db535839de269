import ArgumentParser
import O2CCore
import O2CLedger

/// `o2c guardrails lint|check`.
struct GuardrailsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guardrails", abstract: "Check the guardrail files, and try an action against them without writing anything.",
        subcommands: [GuardrailsLintCommand.self, GuardrailsCheckCommand.self])

    /// A problem as JSON.
    static func json(_ d: Diagnostic) -> JSONValue {
        ["file": .string(d.file), "line": .int(d.line), "column": .int(d.column), "message": .string(d.message),
         "suggestion": d.suggestion.map { .string($0) } ?? .null]
    }
}
