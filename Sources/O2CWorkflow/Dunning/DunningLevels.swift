import Foundation
import Mustache
import O2CCore
import O2CLedger
import O2CYAML

/// The dunning levels of a company: `dunning/levels.yaml` under O2C_HOME (format in
/// docs/WORKFLOW.md). Loading checks everything and reports each problem as `file:line:column`
/// with what to do; a broken file runs no dunning at all.
public struct DunningLevels: Sendable {
    /// The levels, ascending.
    public let levels: [DunningLevel]

    /// Levels as given (sorted by level).
    public init(levels: [DunningLevel]) { self.levels = levels.sorted { $0.level < $1.level } }

    /// The file under `home`.
    public static func path(home: String) -> String { (home == "." ? "" : home + "/") + "dunning/levels.yaml" }

    static let keys = ["level", "days_past_due", "min_interval_days", "fee", "credit_hold", "subject", "template"]

    /// Loads and checks `path` (shown as `shownAs` in messages).
    public static func load(path: String, shownAs: String? = nil) -> Result<DunningLevels, GuardrailLoadError> {
        let file = shownAs ?? path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .failure(GuardrailLoadError(diagnostics: [Diagnostic(file: file, line: 1, column: 1, message: "cannot read the dunning levels",
                                                                                 suggestion: "create it (see docs/WORKFLOW.md, 'Dunning levels') or run 'o2c init'")]))
        }
        return parse(text, file: file)
    }

    /// Parses and checks the text of a levels file.
    public static func parse(_ text: String, file: String) -> Result<DunningLevels, GuardrailLoadError> {
        var reader = YAMLReader(file: file, text: text)
        let root = reader.root(empty: nil)
        if !reader.diagnostics.isEmpty { return .failure(GuardrailLoadError(diagnostics: reader.diagnostics)) }
        guard let list = root?["levels"] else {
            reader.report(root, "the file must be a mapping with a 'levels' list", suggestion: "start it with 'levels:' and one '- level: 1' entry per level")
            return .failure(GuardrailLoadError(diagnostics: reader.diagnostics))
        }
        for (k, _) in root?.entries ?? [] where k.string != "levels" && k.string != "description" {
            reader.report(k, "unknown key '\(k.string ?? "")'", suggestion: "only 'levels' (and 'description') belong at the top")
        }
        guard let seq = list.items, !seq.isEmpty else {
            reader.report(list, "'levels' must be a non-empty list", suggestion: "write one '- level: N' entry per level")
            return .failure(GuardrailLoadError(diagnostics: reader.diagnostics))
        }
        var levels: [DunningLevel] = []
        for item in seq {
            guard item.isMapping, let m = reader.fields(item, keys: keys, in: "a level") else { reader.report(item, "each level must be a mapping"); continue }
            func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
                if m[key] == nil { reader.report(item, "missing '\(key)'", suggestion: "add '\(key): N' (\(range.lowerBound)–\(range.upperBound))") }
                return reader.int(m[key], key: key, in: range)
            }
            func string(_ key: String) -> String? {
                guard let n = m[key] else { reader.report(item, "missing '\(key)'", suggestion: "add a Mustache template under '\(key)'"); return nil }
                guard let s = reader.text(n, key: key), let raw = n.string else { return nil }
                do { _ = try MustacheTemplate(string: s) } catch {
                    reader.report(n, "'\(key)' is not a valid Mustache template: \(error)", suggestion: "check the {{ }} pairs and sections"); return nil
                }
                return raw
            }
            let level = int("level", 1...3), days = int("days_past_due", 1...3650), interval = int("min_interval_days", 1...365)
            var fee = "0"
            if let n = m["fee"] {
                let s = n.string ?? ""
                if (try? Money.parseMinor(s, exponent: 2)).map({ $0 >= 0 }) == true || (try? Money.parseMinor(s, exponent: 0)).map({ $0 >= 0 }) == true {
                    fee = s
                } else { reader.report(n, "'fee' must be a decimal amount like \"5.00\" (customer currency), 0 or more") }
            }
            let hold = m["credit_hold"] == nil ? false : reader.bool(m["credit_hold"], key: "credit_hold")
            let subject = string("subject"), template = string("template")
            if let level, let days, let interval, let hold, let subject, let template {
                if levels.contains(where: { $0.level == level }) { reader.report(m["level"], "level \(level) appears twice"); continue }
                levels.append(DunningLevel(level: level, daysPastDue: days, minIntervalDays: interval, fee: fee, creditHold: hold,
                                           subject: subject, template: template, line: item.line))
            }
        }
        let sorted = levels.sorted { $0.level < $1.level }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.daysPastDue <= a.daysPastDue {
            reader.report(line: b.line, column: 1, "level \(b.level) starts at \(b.daysPastDue) days past due, not after level \(a.level) (\(a.daysPastDue))",
                          suggestion: "each level must start later than the one before")
        }
        return reader.diagnostics.isEmpty ? .success(DunningLevels(levels: levels)) : .failure(GuardrailLoadError(diagnostics: reader.diagnostics))
    }

    /// The level an invoice `daysPastDue` late has reached (the highest whose start it passed).
    public func reached(daysPastDue: Int) -> DunningLevel? { levels.last { $0.daysPastDue <= daysPastDue } }
}
