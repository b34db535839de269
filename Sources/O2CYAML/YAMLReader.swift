import O2CCore
internal import Yams

/// Reads one YAML file people write, collecting every problem as a `Diagnostic` with its line and
/// column instead of stopping at the first: the one reader of guardrails, content policy, agent
/// profiles, scenarios, o2c.yaml and dunning levels.
public struct YAMLReader {
    /// The file as shown to people (`guardrails/credit.yaml`).
    public let file: String
    /// The YAML text.
    public let text: String
    /// Every problem found so far, in the order found.
    public private(set) var diagnostics: [Diagnostic] = []
    private let lines: [[Unicode.Scalar]]

    /// A reader of `text`, named `file` in diagnostics.
    public init(file: String, text: String) {
        self.file = file
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// The document's root, or nil (with a diagnostic) when the text is empty (`empty` says what to
    /// write) or is not YAML (`syntaxHint` gives the advice for a syntax error on a line).
    /// Duplicate keys in a mapping are refused here too.
    public mutating func root(
        empty: String?, syntaxHint: (_ line: Int, _ lineText: String) -> String = { _, _ in "check the indentation and quoting on this line" }
    ) -> YAMLNode? {
        do {
            if let node = try Yams.compose(yaml: text) { return YAMLNode(node) }
            if let empty { report(line: 1, column: 1, "the file is empty", suggestion: empty) }
        } catch {
            let problem = Self.diagnostic(error, file: file) { syntaxHint($0, lineText($0)) }
            diagnostics.append(problem)
        }
        return nil
    }

    // MARK: typed reads

    /// A mapping's values by key, reporting a non-mapping (`what` must be a mapping) and every key
    /// not in `keys` (`unknown key 'modle' in what — did you mean 'model'?`; `kind` names what a
    /// key is); `unknownHint` may give a better suggestion for a key.
    public mutating func fields(_ node: YAMLNode, keys: [String], in what: String?, kind: String = "key", mustBe: String? = nil,
                                unknownHint: (String) -> String? = { _ in nil }) -> [String: YAMLNode]? {
        guard let entries = node.entries else {
            report(node, mustBe ?? "\(what ?? "the file") must be a mapping of keys (\(keys.joined(separator: ", ")))")
            return nil
        }
        var table: [String: YAMLNode] = [:]
        for (k, v) in entries {
            guard let key = k.string else {
                report(k, "keys must be plain names")
                continue
            }
            guard keys.contains(key) else {
                report(k, "unknown \(kind) '\(key)'\(what.map { " in \($0)" } ?? "")",
                       suggestion: unknownHint(key) ?? Self.didYouMean(key, in: keys, otherwise: "allowed: \(keys.joined(separator: ", "))"))
                continue
            }
            table[key] = v
        }
        return table
    }

    /// Trimmed, non-empty text; nil (reported as "'key' must be text") otherwise.
    public mutating func text(_ node: YAMLNode?, key: String) -> String? {
        guard let node else { return nil }
        guard let s = node.string?.yamlTrimmed, !s.isEmpty else {
            report(node, "'\(key)' must be text")
            return nil
        }
        return s
    }

    /// The items of a list (a single scalar counts as a list of one); empty when absent or null.
    public mutating func list(_ node: YAMLNode?, what: String, hint: String) -> [YAMLNode] {
        guard let node else { return [] }
        if let items = node.items { return items }
        if let s = node.string { return s.isEmpty || node.isNull ? [] : [node] }
        report(node, "'\(what)' must be a list", suggestion: hint)
        return []
    }

    /// One of an enumeration's raw values; nil (reported with the closest value) otherwise.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, key: String) -> T? where T.RawValue == String {
        guard let node else { return nil }
        let value = node.string ?? ""
        if let parsed = T(rawValue: value) { return parsed }
        let all = T.allCases.map(\.rawValue)
        report(node, "unknown \(key) '\(value)'", suggestion: Self.didYouMean(value, in: all, otherwise: "use one of \(all.joined(separator: ", "))"))
        return nil
    }

    /// A whole number in `range`; nil (reported as "'key' must be a whole number from … to …, got …") otherwise.
    public mutating func int(_ node: YAMLNode?, key: String, in range: ClosedRange<Int>, hint: String? = nil) -> Int? {
        guard let node else { return nil }
        guard let n = node.string.flatMap({ Int($0) }), range.contains(n) else {
            report(node, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(node.string ?? "a list")'", suggestion: hint)
            return nil
        }
        return n
    }

    /// A name used once per file: text, reported as "duplicate `what` '…' (first used at line …)"
    /// when `seen` (name → line) already holds it.
    public mutating func unique(_ node: YAMLNode?, seen: inout [String: Int], what: String, hint: String) -> String? {
        guard let node, let name = text(node, key: "name") else { return nil }
        if let first = seen[name] {
            report(node, "duplicate \(what) '\(name)' (first used at line \(first))", suggestion: hint)
            return nil
        }
        seen[name] = node.line
        return name
    }

    /// `true` or `false`; nil (reported as "'key' must be true or false") otherwise.
    public mutating func bool(_ node: YAMLNode?, key: String) -> Bool? {
        guard let node else { return nil }
        guard node.isScalar, let b = node.bool else {
            report(node, "'\(key)' must be true or false")
            return nil
        }
        return b
    }

    // MARK: reporting

    /// Records a problem at `node` (line 1, column 1 without one).
    public mutating func report(_ node: YAMLNode?, _ message: String, suggestion: String? = nil) {
        report(line: node?.line ?? 1, column: node?.column ?? 1, message, suggestion: suggestion)
    }

    /// Records a problem at a position.
    public mutating func report(line: Int, column: Int, _ message: String, suggestion: String? = nil) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message, suggestion: suggestion))
    }

    /// `did you mean 'x'?` for the closest of `candidates`, else `otherwise`.
    public static func didYouMean(_ word: String, in candidates: [String], otherwise: String) -> String {
        Suggest.closest(to: word, in: candidates).map { "did you mean '\($0)'?" } ?? otherwise
    }

    /// The text of a 1-based line ("" beyond the file).
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lines.count else { return "" }
        var s = ""
        s.unicodeScalars.append(contentsOf: lines[line - 1])
        return s
    }

    /// Maps a (line, column) inside a scalar's text to the file: the scalar's position plus the
    /// offset, following folded, quoted and block scalars across lines.
    public func position(in node: YAMLNode, line: Int, column: Int) -> (line: Int, column: Int) {
        guard let text = node.string else { return (1, 1) }
        let chars = Array(text.unicodeScalars)
        var index = 0
        var l = 1
        while index < chars.count, l < line {
            if chars[index] == "\n" { l += 1 }
            index += 1
        }
        let target = index + max(column - 1, 0)
        var sl = node.line
        var sc = node.column
        var blockIndent: Int?
        switch node.style {
        case .block:
            sl = node.line + 1
            sc = firstNonSpace(sl)
            blockIndent = sc
        case .quoted:
            sc = node.column + 1
        case .plain:
            break
        }
        var k = 0
        while k < target {
            guard sl >= 1, sl <= lines.count else { break }
            if sc > lines[sl - 1].count {
                guard sl < lines.count else { break }
                sl += 1
                // Block scalars keep indentation beyond the block's own; folded plain and quoted text drops it.
                sc = blockIndent ?? firstNonSpace(sl)
            } else {
                sc += 1
            }
            k += 1
        }
        return (sl, sc)
    }

    private func firstNonSpace(_ line: Int) -> Int {
        guard line >= 1, line <= lines.count else { return 1 }
        return (lines[line - 1].firstIndex { $0 != " " && $0 != "\t" } ?? lines[line - 1].count) + 1
    }

    /// A Yams read error as a diagnostic with its line and column.
    static func diagnostic(_ error: any Error, file: String, syntaxHint: (Int) -> String) -> Diagnostic {
        guard let e = error as? YamlError else {
            return Diagnostic(file: file, line: 1, column: 1, message: "cannot read the YAML: \(error)")
        }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\(problem) (\($0.text))" } ?? problem
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(text)", suggestion: syntaxHint(mark.line))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(file: file, line: context.mark.line, column: context.mark.column,
                              message: "the key\(duplicates.count == 1 ? "" : "s") \(keys) appear\(duplicates.count == 1 ? "s" : "") twice in one mapping",
                              suggestion: "keep one of them")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, line: 1, column: 1, message: "cannot read the file: \(problem)", suggestion: "save it as UTF-8 text")
        default:
            return Diagnostic(file: file, line: 1, column: 1, message: "YAML error: \(e)")
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    public var yamlTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
