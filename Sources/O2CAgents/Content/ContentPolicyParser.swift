import O2CCore
import O2CYAML

/// The text of one content guardrail file and how to name it in messages.
struct ContentSource: Sendable {
    /// `injection.yaml`.
    let fileName: String
    /// `guardrails/content/injection.yaml`, for diagnostics.
    let displayPath: String
    /// The YAML text.
    let text: String
}

/// Reads the content guardrail files, collecting every problem with its line and column instead
/// of stopping at the first.
struct ContentPolicyParser {
    static let injectionKeys = ["description", "untrusted_fields", "patterns"]
    static let injectionPatternKeys = ["name", "kind", "pattern", "severity", "text", "message", "examples", "description"]
    static let piiKeys = ["description", "fields", "patterns"]
    static let piiPatternKeys = ["name", "regex", "label", "check", "case_sensitive", "examples", "description"]
    static let dunningKeys = ["description", "mention_every_invoice", "rules"]
    static let dunningRuleKeys = ["name", "levels", "forbid", "forbid_patterns", "require_one_of", "message", "description"]
    static let exampleKeys = ["match", "no_match"]

    let source: ContentSource
    private var reader: YAMLReader
    /// Every problem found.
    var diagnostics: [Diagnostic] { reader.diagnostics }

    init(_ source: ContentSource) {
        self.source = source
        self.reader = YAMLReader(file: source.displayPath, text: source.text)
    }

    // MARK: injection.yaml

    /// The injection patterns and their compiled forms, and the tool-result fields that hold
    /// outside text (nil when the file does not say: the shipped list applies), or nil when the
    /// file has problems.
    mutating func injection() -> (patterns: [InjectionPattern], compiled: [ContentRegex], untrustedFields: [String]?)? {
        guard let fields = file(ContentPolicyParser.injectionKeys, required: ["patterns"]) else { return nil }
        let untrusted = fields["untrusted_fields"] == nil ? nil : fieldNames(fields["untrusted_fields"], what: "untrusted_fields")
        var patterns: [InjectionPattern] = []
        var compiled: [ContentRegex] = []
        var seen: [String: Int] = [:]
        for (k, item) in reader.list(fields["patterns"], what: "patterns", hint: "start each pattern with '- name: ...'").enumerated() {
            guard let f = entry(item, number: k + 1, keys: ContentPolicyParser.injectionPatternKeys, what: "pattern",
                                required: ["name", "kind", "pattern", "severity", "message"]) else { continue }
            let before = diagnostics.count
            let name = reader.unique(f["name"], seen: &seen, what: "name", hint: "give each entry its own name")
            let kind: InjectionPattern.Kind? = reader.choice(f["kind"], key: "kind")
            let severity: InjectionPattern.Severity? = reader.choice(f["severity"], key: "severity")
            let target: InjectionPattern.Target? = f["text"] == nil ? .normalized : reader.choice(f["text"], key: "text")
            let message = reader.text(f["message"], key: "message")
            let pattern = reader.text(f["pattern"], key: "pattern")
            var regex: ContentRegex?
            if let kind, let pattern, let node = f["pattern"] {
                regex = compile(node, pattern, phrase: kind == .phrase)
            }
            let (hits, misses) = examples(f["examples"])
            if let regex, let target {
                checkExamples(regex, hits: hits, misses: misses, name: name ?? "pattern \(k + 1)") { text in
                    target == .normalized ? ContentText.normalized(text) : text
                }
            }
            guard diagnostics.count == before, let name, let kind, let severity, let target, let message, let pattern, let regex else { continue }
            patterns.append(InjectionPattern(name: name, kind: kind, pattern: pattern, severity: severity, target: target, message: message,
                                             shouldMatch: hits.map(\.text), shouldNotMatch: misses.map(\.text)))
            compiled.append(regex)
        }
        return diagnostics.isEmpty ? (patterns, compiled, untrusted) : nil
    }

    // MARK: pii.yaml

    /// The redacted field names, the text patterns and their compiled forms, or nil on problems.
    mutating func pii() -> (fields: [String], patterns: [PIIPattern], compiled: [ContentRegex])? {
        guard let top = file(ContentPolicyParser.piiKeys, required: ["fields"]) else { return nil }
        let fields = fieldNames(top["fields"], what: "fields")
        var patterns: [PIIPattern] = []
        var compiled: [ContentRegex] = []
        var seen: [String: Int] = [:]
        for (k, item) in reader.list(top["patterns"], what: "patterns", hint: "start each pattern with '- name: ...'").enumerated() {
            guard let f = entry(item, number: k + 1, keys: ContentPolicyParser.piiPatternKeys, what: "pattern", required: ["name", "regex"]) else { continue }
            let before = diagnostics.count
            let name = reader.unique(f["name"], seen: &seen, what: "name", hint: "give each entry its own name")
            let label = f["label"] == nil ? name : reader.text(f["label"], key: "label")
            let check: PIIPattern.Check? = f["check"] == nil ? PIIPattern.Check.none : reader.choice(f["check"], key: "check")
            var caseSensitive = false
            if let node = f["case_sensitive"] {
                caseSensitive = reader.bool(node, key: "case_sensitive") ?? false
            }
            let source = reader.text(f["regex"], key: "regex")
            var regex: ContentRegex?
            if let source, let node = f["regex"] {
                regex = compile(node, source, phrase: false, caseInsensitive: !caseSensitive)
            }
            let (hits, misses) = examples(f["examples"])
            if let regex, let check {
                let probe = PIIPattern(name: name ?? "", regex: source ?? "", label: label, check: check)
                for (text, node) in hits where !regex.matches(in: text).contains(where: { probe.passesCheck(String(text[$0])) }) {
                    report(node, "pattern '\(name ?? "")' does not redact its example \"\(text)\"", suggestion: "fix the regex or the example")
                }
                for (text, node) in misses where regex.matches(in: text).contains(where: { probe.passesCheck(String(text[$0])) }) {
                    report(node, "pattern '\(name ?? "")' redacts its counter-example \"\(text)\"", suggestion: "make the regex stricter or fix the example")
                }
            }
            guard diagnostics.count == before, let name, let label, let check, let source, let regex else { continue }
            patterns.append(PIIPattern(name: name, regex: source, caseInsensitive: !caseSensitive, label: label, check: check))
            compiled.append(regex)
        }
        return diagnostics.isEmpty ? (fields, patterns, compiled) : nil
    }

    // MARK: dunning.yaml

    /// The dunning output check, or nil when the file has problems.
    mutating func dunning() -> DunningOutputCheck? {
        guard let top = file(ContentPolicyParser.dunningKeys, required: ["rules"]) else { return nil }
        var mentionEvery = true
        if let node = top["mention_every_invoice"] {
            mentionEvery = reader.bool(node, key: "mention_every_invoice") ?? true
        }
        var rules: [DunningRule] = []
        var compiled: [[ContentRegex]] = []
        var seen: [String: Int] = [:]
        for (k, item) in reader.list(top["rules"], what: "rules", hint: "start each rule with '- name: ...'").enumerated() {
            guard let f = entry(item, number: k + 1, keys: ContentPolicyParser.dunningRuleKeys, what: "rule",
                                required: ["name", "levels", "message"]) else { continue }
            let before = diagnostics.count
            let name = reader.unique(f["name"], seen: &seen, what: "name", hint: "give each entry its own name")
            let message = reader.text(f["message"], key: "message")
            var levels: Set<Int> = []
            for node in reader.list(f["levels"], what: "levels", hint: "e.g. levels: [1, 2]") {
                if let n = node.int, DunningOutputCheck.levels.contains(n) {
                    levels.insert(n)
                } else {
                    report(node, "unknown dunning level '\(node.string ?? "a list")'", suggestion: "levels are 1 (friendly reminder), 2 (firm reminder) and 3 (final notice)")
                }
            }
            let forbids = f["forbid"] != nil || f["forbid_patterns"] != nil
            let requires = f["require_one_of"] != nil
            if forbids == requires {
                report(item, forbids ? "rule '\(name ?? "")' both forbids and requires" : "rule '\(name ?? "")' neither forbids nor requires anything",
                       suggestion: "give it 'forbid:' (and/or 'forbid_patterns:') or 'require_one_of:', and split it in two if you need both")
            }
            var phrases: [String] = []
            var patterns: [String] = []
            var regexes: [ContentRegex] = []
            let phraseKey = requires ? "require_one_of" : "forbid"
            for node in reader.list(f[phraseKey], what: phraseKey, hint: "list phrases, e.g. [\"legal action\", \"court\"]") {
                guard let phrase = node.string, !phrase.isEmpty else {
                    report(node, "each phrase must be text")
                    continue
                }
                if let r = compile(node, phrase, phrase: true) {
                    phrases.append(phrase)
                    regexes.append(r)
                }
            }
            for node in reader.list(f["forbid_patterns"], what: "forbid_patterns", hint: "list regular expressions") {
                guard let pattern = node.string, !pattern.isEmpty else {
                    report(node, "each pattern must be text")
                    continue
                }
                if let r = compile(node, pattern, phrase: false) {
                    patterns.append(pattern)
                    regexes.append(r)
                }
            }
            guard diagnostics.count == before, let name, let message else { continue }
            rules.append(DunningRule(name: name, kind: requires ? .required : .forbidden, levels: levels, phrases: phrases, patterns: patterns, message: message))
            compiled.append(regexes)
        }
        return diagnostics.isEmpty ? DunningOutputCheck(rules: rules, compiled: compiled, mentionEveryInvoice: mentionEvery) : nil
    }

    // MARK: shared pieces

    /// A list of JSON member names, each once (names match ignoring case, `_` and `-`).
    private mutating func fieldNames(_ node: YAMLNode?, what: String) -> [String] {
        var fields: [String] = []
        for item in reader.list(node, what: what, hint: "list field names, e.g. [email, iban, phone]") {
            guard let name = item.string, !name.isEmpty else {
                report(item, "each field must be a name", suggestion: "e.g. email")
                continue
            }
            if fields.contains(where: { ContentPolicy.fieldKey($0) == ContentPolicy.fieldKey(name) }) {
                report(item, "field '\(name)' is listed twice", suggestion: "keep one (names match ignoring case, '_' and '-')")
                continue
            }
            fields.append(name)
        }
        return fields
    }

    /// The top-level mapping with only `allowed` keys, as a table, or nil when unreadable.
    private mutating func file(_ allowed: [String], required: [String]) -> [String: YAMLNode]? {
        guard let root = reader.root(empty: "see guardrails/content/README.md for what it holds", syntaxHint: { _, _ in
            "check the indentation and quoting on this line; put regular expressions in single quotes"
        }), let table = reader.fields(root, keys: allowed, in: "the file") else { return nil }
        for key in required where table[key] == nil {
            report(root, "missing '\(key)'", suggestion: "see guardrails/content/README.md")
        }
        return table
    }

    private mutating func entry(_ node: YAMLNode, number: Int, keys: [String], what: String, required: [String]) -> [String: YAMLNode]? {
        guard let table = reader.fields(node, keys: keys, in: "\(what) \(number)") else { return nil }
        let label = table["name"]?.string.map { "'\($0)'" } ?? "\(number)"
        for key in required where table[key] == nil {
            report(node, "\(what) \(label) has no '\(key)'", suggestion: hint(forMissing: key))
        }
        return table
    }

    private func hint(forMissing key: String) -> String {
        switch key {
        case "kind": return "add 'kind: regex' or 'kind: phrase'"
        case "severity": return "add 'severity: flag' (recorded) or 'severity: block' (kept from the model)"
        case "message": return "add 'message:' saying, for people, what the match means"
        case "levels": return "add 'levels: [1, 2]'"
        default: return "add '\(key): ...'"
        }
    }

    private mutating func compile(_ node: YAMLNode, _ text: String, phrase: Bool, caseInsensitive: Bool = true) -> ContentRegex? {
        do {
            let regex = phrase ? try ContentRegex(phrase: text) : try ContentRegex(text, caseInsensitive: caseInsensitive)
            if regex.matchesEmptyText {
                report(node, "the pattern matches empty text, so it would match everywhere", suggestion: "make sure it needs at least one character")
                return nil
            }
            return regex
        } catch {
            report(node, "bad regex '\(text)': \(error.message)",
                   suggestion: "check brackets and escapes; in single quotes write a backslash once ('\\bword\\b'), in double quotes twice")
            return nil
        }
    }

    private mutating func examples(_ node: YAMLNode?) -> (hits: [(text: String, node: YAMLNode)], misses: [(text: String, node: YAMLNode)]) {
        guard let node, let table = reader.fields(node, keys: ContentPolicyParser.exampleKeys, in: "'examples'") else { return ([], []) }
        func items(_ key: String, _ reader: inout YAMLReader) -> [(text: String, node: YAMLNode)] {
            reader.list(table[key], what: key, hint: "list example texts").compactMap { n in
                guard let s = n.string else {
                    reader.report(n, "each example must be text")
                    return nil
                }
                return (s, n)
            }
        }
        return (items("match", &reader), items("no_match", &reader))
    }

    private mutating func checkExamples(
        _ regex: ContentRegex, hits: [(text: String, node: YAMLNode)], misses: [(text: String, node: YAMLNode)], name: String,
        prepare: (String) -> String
    ) {
        for (text, node) in hits where regex.firstMatch(in: prepare(text)) == nil {
            report(node, "pattern '\(name)' does not match its example \"\(text)\"", suggestion: "fix the pattern or the example")
        }
        for (text, node) in misses where regex.firstMatch(in: prepare(text)) != nil {
            report(node, "pattern '\(name)' matches its counter-example \"\(text)\"", suggestion: "make the pattern stricter or fix the example")
        }
    }

    // MARK: reporting

    private mutating func report(_ node: YAMLNode?, _ message: String, suggestion: String? = nil) {
        reader.report(node, message, suggestion: suggestion)
    }
}
