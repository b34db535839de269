internal import Yams

extension GuardrailDiagnostic {
    /// A YAML read error of `file` as a diagnostic with its line and column. `syntaxHint` is the
    /// suggestion for a syntax error at a given line (each kind of file knows its usual mistakes).
    /// Shared by the guardrail, content-policy and agent-profile readers.
    public static func yaml(_ error: any Error, file: String, syntaxHint: (Int) -> String) -> GuardrailDiagnostic {
        guard let e = error as? YamlError else {
            return GuardrailDiagnostic(file: file, line: 1, column: 1, message: "cannot read the YAML: \(error)")
        }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\(problem) (\($0.text))" } ?? problem
            return GuardrailDiagnostic(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(text)",
                                       suggestion: syntaxHint(mark.line))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return GuardrailDiagnostic(file: file, line: context.mark.line, column: context.mark.column,
                                       message: "the key\(duplicates.count == 1 ? "" : "s") \(keys) appear\(duplicates.count == 1 ? "s" : "") twice in one mapping",
                                       suggestion: "keep one of them")
        case .reader(let problem, _, _, _):
            return GuardrailDiagnostic(file: file, line: 1, column: 1, message: "cannot read the file: \(problem)", suggestion: "save it as UTF-8 text")
        default:
            return GuardrailDiagnostic(file: file, line: 1, column: 1, message: "YAML error: \(e)")
        }
    }
}
