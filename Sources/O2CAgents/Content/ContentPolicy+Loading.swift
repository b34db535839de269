import Foundation
import O2CCore
import O2CLedger

extension ContentPolicy {
    /// Reads `injection.yaml`, `pii.yaml` and `dunning.yaml` from `directory` (usually
    /// `guardrails/content`). A missing folder or file means the shipped defaults for it
    /// (`standard`); any problem refuses the whole policy, with every problem's file, line and column.
    public static func load(directory: String) -> Result<ContentPolicy, ContentPolicyError> {
        let shown = display(directory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return .success(standard) }
        guard isDirectory.boolValue else {
            return .failure(ContentPolicyError(diagnostics: [
                Diagnostic(file: shown, line: 1, column: 1, message: "\(shown) is a file, not a folder",
                                    suggestion: "content guardrails live in a folder holding \(fileNames.joined(separator: ", "))")
            ]))
        }
        var problems: [Diagnostic] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !fileNames.contains(name) {
            let suggestion = Suggest.closest(to: name, in: fileNames).map { "did you mean '\($0)'? (this file is ignored)" }
                ?? "the folder holds only \(fileNames.joined(separator: ", ")); this file is ignored"
            problems.append(Diagnostic(file: shown + "/" + name, line: 1, column: 1, message: "unknown content guardrail file", suggestion: suggestion))
        }
        func source(_ name: String) -> ContentSource? {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(Diagnostic(file: shown + "/" + name, line: 1, column: 1, message: "cannot read the file as UTF-8 text",
                                                    suggestion: "check its permissions and encoding"))
                return nil
            }
            return ContentSource(fileName: name, displayPath: shown + "/" + name, text: text)
        }
        let result = parse(injection: source(injectionFile), pii: source(piiFile), dunning: source(dunningFile), fallback: standard)
        switch result {
        case .success(let policy):
            return problems.isEmpty ? .success(policy) : .failure(ContentPolicyError(diagnostics: problems))
        case .failure(let e):
            return .failure(ContentPolicyError(diagnostics: problems + e.diagnostics))
        }
    }

    /// Every problem in the folder, one `file:line:column: message — suggestion` line each; empty
    /// when the folder is fine (or missing: the shipped defaults then apply).
    public static func lint(directory: String) -> [String] {
        switch load(directory: directory) {
        case .success: return []
        case .failure(let e): return e.diagnostics.map(\.description)
        }
    }

    /// Parses the three files; a nil source takes that part from `fallback`.
    static func parse(injection: ContentSource?, pii: ContentSource?, dunning: ContentSource?, fallback: ContentPolicy?)
        -> Result<ContentPolicy, ContentPolicyError>
    {
        var problems: [Diagnostic] = []
        var injectionPart = fallback.map { ($0.injectionPatterns, $0.injectionRegexes, $0.untrustedFields) }
        var piiPart = fallback.map { ($0.piiFields, $0.piiPatterns, $0.piiRegexes) }
        var dunningPart = fallback?.dunning
        if let injection {
            var parser = ContentPolicyParser(injection)
            // A file without `untrusted_fields` keeps the shipped list: outside text stays marked.
            injectionPart = parser.injection().map { ($0.patterns, $0.compiled, $0.untrustedFields ?? fallback?.untrustedFields ?? []) }
            problems += parser.diagnostics
        }
        if let pii {
            var parser = ContentPolicyParser(pii)
            piiPart = parser.pii().map { ($0.fields, $0.patterns, $0.compiled) }
            problems += parser.diagnostics
        }
        if let dunning {
            var parser = ContentPolicyParser(dunning)
            dunningPart = parser.dunning()
            problems += parser.diagnostics
        }
        guard problems.isEmpty, let injectionPart, let piiPart, let dunningPart else {
            if problems.isEmpty {
                problems.append(Diagnostic(file: "guardrails/content", line: 1, column: 1, message: "a content guardrail file is missing and there is no default for it"))
            }
            return .failure(ContentPolicyError(diagnostics: problems))
        }
        return .success(ContentPolicy(injectionPatterns: injectionPart.0, injectionRegexes: injectionPart.1, untrustedFields: injectionPart.2,
                                      piiFields: piiPart.0, piiPatterns: piiPart.1, piiRegexes: piiPart.2, dunning: dunningPart))
    }

    static func display(_ directory: String) -> String {
        var d = directory
        while d.count > 1, d.hasSuffix("/") { d.removeLast() }
        while d.hasPrefix("./"), d.count > 2 { d.removeFirst(2) }
        return d
    }
}
