import Foundation
import Mustache
import O2CCore
import O2CLedger
import Yams

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
            return .failure(GuardrailLoadError(diagnostics: [GuardrailDiagnostic(file: file, line: 1, column: 1, message: "cannot read the dunning levels",
                                                                                 suggestion: "create it (see docs/WORKFLOW.md, 'Dunning levels') or run 'o2c init'")]))
        }
        return parse(text, file: file)
    }

    /// Parses and checks the text of a levels file.
    public static func parse(_ text: String, file: String) -> Result<DunningLevels, GuardrailLoadError> {
        var problems: [GuardrailDiagnostic] = []
        func report(_ node: Node?, _ message: String, _ suggestion: String? = nil) {
            problems.append(GuardrailDiagnostic(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message, suggestion: suggestion))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            return .failure(GuardrailLoadError(diagnostics: [.yaml(error, file: file) { _ in "check the indentation and quotes" }]))
        }
        guard let map = root?.mapping, let list = map["levels"] else {
            report(root, "the file must be a mapping with a 'levels' list", "start it with 'levels:' and one '- level: 1' entry per level")
            return .failure(GuardrailLoadError(diagnostics: problems))
        }
        for (k, _) in map where k.scalar?.string != "levels" && k.scalar?.string != "description" {
            report(k, "unknown key '\(k.scalar?.string ?? "")'", "only 'levels' (and 'description') belong at the top")
        }
        guard let seq = list.sequence, !seq.isEmpty else {
            report(list, "'levels' must be a non-empty list", "write one '- level: N' entry per level")
            return .failure(GuardrailLoadError(diagnostics: problems))
        }
        var levels: [DunningLevel] = []
        for item in seq {
            guard let m = item.mapping else { report(item, "each level must be a mapping"); continue }
            for (k, _) in m where !keys.contains(k.scalar?.string ?? "") {
                let key = k.scalar?.string ?? ""
                report(k, "unknown key '\(key)' in a level", Suggest.closest(to: key, in: keys).map { "did you mean '\($0)'?" } ?? "allowed: \(keys.joined(separator: ", "))")
            }
            func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
                guard let n = m[key] else { report(item, "missing '\(key)'", "add '\(key): N' (\(range.lowerBound)–\(range.upperBound))"); return nil }
                guard let v = n.scalar.flatMap({ Int($0.string) }), range.contains(v) else {
                    report(n, "'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)"); return nil
                }
                return v
            }
            func string(_ key: String) -> String? {
                guard let n = m[key] else { report(item, "missing '\(key)'", "add a Mustache template under '\(key)'"); return nil }
                guard let s = n.scalar?.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { report(n, "'\(key)' must be text"); return nil }
                do { _ = try MustacheTemplate(string: s) } catch { report(n, "'\(key)' is not a valid Mustache template: \(error)", "check the {{ }} pairs and sections"); return nil }
                return s
            }
            let level = int("level", 1...3), days = int("days_past_due", 1...3650), interval = int("min_interval_days", 1...365)
            var fee = "0"
            if let n = m["fee"] {
                let s = n.scalar?.string ?? ""
                if (try? Money.parseMinor(s, exponent: 2)).map({ $0 >= 0 }) == true || (try? Money.parseMinor(s, exponent: 0)).map({ $0 >= 0 }) == true {
                    fee = s
                } else { report(n, "'fee' must be a decimal amount like \"5.00\" (customer currency), 0 or more") }
            }
            var hold = false
            if let n = m["credit_hold"] {
                switch n.scalar?.string { case "true": hold = true; case "false": hold = false; default: report(n, "'credit_hold' must be true or false") }
            }
            let subject = string("subject"), template = string("template")
            if let level, let days, let interval, let subject, let template {
                if levels.contains(where: { $0.level == level }) { report(m["level"], "level \(level) appears twice"); continue }
                levels.append(DunningLevel(level: level, daysPastDue: days, minIntervalDays: interval, fee: fee, creditHold: hold,
                                           subject: subject, template: template, line: item.mark?.line ?? 0))
            }
        }
        let sorted = levels.sorted { $0.level < $1.level }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.daysPastDue <= a.daysPastDue {
            problems.append(GuardrailDiagnostic(file: file, line: b.line, column: 1, message: "level \(b.level) starts at \(b.daysPastDue) days past due, not after level \(a.level) (\(a.daysPastDue))",
                                                suggestion: "each level must start later than the one before"))
        }
        return problems.isEmpty ? .success(DunningLevels(levels: levels)) : .failure(GuardrailLoadError(diagnostics: problems))
    }

    /// The level an invoice `daysPastDue` late has reached (the highest whose start it passed).
    public func reached(daysPastDue: Int) -> DunningLevel? { levels.last { $0.daysPastDue <= daysPastDue } }
}
