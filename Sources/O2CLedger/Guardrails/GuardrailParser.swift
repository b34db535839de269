import O2CCore
import O2CExpression
internal import Yams

/// The text of one guardrail file and how to name it in messages.
struct GuardrailSource: Sendable {
    /// `credit.yaml`.
    let fileName: String
    /// `guardrails/credit.yaml`, for diagnostics.
    let displayPath: String
    /// The YAML text.
    let text: String
}

/// Reads one guardrail file into rules (or, for `roles.yaml`, permissions), collecting every
/// problem with its line and column instead of stopping at the first.
struct GuardrailParser {
    static let rolesFileName = "roles.yaml"
    static let fileKeys = ["scope", "rules", "description"]
    static let rolesFileKeys = ["scope", "permissions", "description"]
    static let ruleKeys = ["name", "actions", "when", "outcome", "role", "approvers", "message", "description"]
    static let approversRange = 1...5

    let source: GuardrailSource
    private let lines: [[Unicode.Scalar]]
    private(set) var diagnostics: [GuardrailDiagnostic] = []

    init(_ source: GuardrailSource) {
        self.source = source
        self.lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
    }

    /// What a file holds once parsed: rules, or permissions for `roles.yaml`.
    enum Parsed {
        case rules(GuardrailFile)
        case roles(RolePermissions)
        case broken
    }

    /// Parses the file; `diagnostics` holds every problem found.
    mutating func parse() -> Parsed {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source.text) else {
                report(line: 1, column: 1, "the file is empty", suggestion: "start it with 'scope: global' and a 'rules:' list")
                return .broken
            }
            root = node
        } catch {
            reportYAML(error)
            return .broken
        }
        guard let map = root.mapping else {
            report(root, "the file must be a mapping with 'scope' and 'rules'", suggestion: "see guardrails/README.md for the format")
            return .broken
        }
        let isRoles = source.fileName == GuardrailParser.rolesFileName
        let allowed = isRoles ? GuardrailParser.rolesFileKeys : GuardrailParser.fileKeys
        var scope: GuardrailScope?
        var rulesNode: Node?
        var permissionsNode: Node?
        for (k, v) in map {
            guard let key = k.scalar?.string else {
                report(k, "keys must be plain names")
                continue
            }
            switch key {
            case "scope":
                guard let s = v.scalar?.string, let parsed = GuardrailScope(rawValue: s) else {
                    report(v, "unknown scope '\(v.scalar?.string ?? "")'", suggestion: "use 'global' (every action) or 'named' (only agents whose profile lists this file)")
                    continue
                }
                scope = parsed
            case "rules" where !isRoles: rulesNode = v
            case "permissions" where isRoles: permissionsNode = v
            case "description" where v.scalar != nil: break
            case "description": report(v, "'description' must be text")
            default:
                var hint = Suggest.closest(to: key, in: allowed).map { "did you mean '\($0)'?" } ?? "allowed: \(allowed.joined(separator: ", "))"
                if key == "permissions" { hint = "permissions belong in roles.yaml" }
                if key == "rules" && isRoles { hint = "roles.yaml holds only 'permissions'; put rules in another file" }
                report(k, "unknown key '\(key)'", suggestion: hint)
            }
        }
        if scope == nil, map["scope"] == nil {
            report(root, "missing 'scope'", suggestion: "add 'scope: global' (every action) or 'scope: named' (only agents whose profile lists this file)")
        }
        if isRoles {
            if scope == .named { report(map["scope"] ?? root, "roles.yaml must have 'scope: global'") }
            guard let permissionsNode else {
                report(root, "roles.yaml has no 'permissions'", suggestion: "add 'permissions:' with the actions each role may submit")
                return .broken
            }
            let roles = permissions(permissionsNode)
            return diagnostics.isEmpty ? .roles(roles) : .broken
        }
        var rules: [GuardrailRule] = []
        if let rulesNode {
            if let seq = rulesNode.sequence {
                var seen: [String: Int] = [:]
                for (k, item) in seq.enumerated() {
                    if let r = rule(item, number: k + 1, seen: &seen) { rules.append(r) }
                }
            } else if rulesNode.scalar?.string.isEmpty == false || rulesNode.mapping != nil {
                report(rulesNode, "'rules' must be a list of rules", suggestion: "start each rule with '- name: ...'")
            }
        } else {
            report(root, "missing 'rules'", suggestion: "add a 'rules:' list (it may be empty: 'rules: []')")
        }
        guard diagnostics.isEmpty, let scope else { return .broken }
        return .rules(GuardrailFile(fileName: source.fileName, scope: scope, rules: rules))
    }

    // MARK: rules

    private mutating func rule(_ node: Node, number: Int, seen: inout [String: Int]) -> GuardrailRule? {
        guard let map = node.mapping else {
            report(node, "rule \(number) must be a mapping", suggestion: "write name, actions, outcome and message under '- '")
            return nil
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (k, v) in map {
            guard let key = k.scalar?.string else {
                report(k, "keys must be plain names")
                continue
            }
            guard GuardrailParser.ruleKeys.contains(key) else {
                report(k, "unknown key '\(key)' in a rule",
                       suggestion: Suggest.closest(to: key, in: GuardrailParser.ruleKeys).map { "did you mean '\($0)'?" }
                           ?? "allowed: \(GuardrailParser.ruleKeys.joined(separator: ", "))")
                continue
            }
            fields[key] = (k, v)
        }
        let before = diagnostics.count
        // name
        var name = "rule \(number)"
        if let n = fields["name"] {
            if let s = n.value.scalar?.string, !s.isEmpty {
                name = s
                if let first = seen[s] {
                    report(n.value, "duplicate rule name '\(s)' (first used at line \(first))", suggestion: "give each rule in a file its own name")
                } else {
                    seen[s] = n.value.mark?.line ?? 0
                }
            } else {
                report(n.value, "'name' must be text")
            }
        } else {
            report(node, "rule \(number) has no 'name'", suggestion: "add 'name: a-short-name'")
        }
        // actions
        var actions: Set<ActionName>? = []
        if let a = fields["actions"] {
            actions = parseActions(a.value, rule: name)
        } else {
            report(node, "rule '\(name)' has no 'actions'", suggestion: "add 'actions: [create_order]' or 'actions: [\"*\"]' for every action")
        }
        // outcome
        var parsedOutcome: GuardrailOutcome?
        if let o = fields["outcome"] {
            let text = o.value.scalar?.string ?? ""
            if let parsed = GuardrailOutcome(rawValue: text) {
                parsedOutcome = parsed
            } else {
                let all = GuardrailOutcome.allCases.map(\.rawValue)
                report(o.value, "unknown outcome '\(text)'",
                       suggestion: Suggest.closest(to: text, in: all).map { "did you mean '\($0)'?" } ?? "use one of \(all.joined(separator: ", "))")
            }
        } else {
            report(node, "rule '\(name)' has no 'outcome'", suggestion: "add 'outcome: deny', 'outcome: require_approval' or 'outcome: allow'")
        }
        // role and approvers
        var role: Role?
        if let r = fields["role"] {
            let text = r.value.scalar?.string ?? ""
            if let parsed = Role(rawValue: text) {
                role = parsed
            } else {
                let all = Role.allCases.map(\.rawValue)
                report(r.value, "unknown role '\(text)'",
                       suggestion: Suggest.closest(to: text, in: all).map { "did you mean '\($0)'?" } ?? "use one of \(all.joined(separator: ", "))")
            }
            if let outcome = parsedOutcome, outcome != .requireApproval {
                report(r.key, "a rule with outcome \(outcome.rawValue) takes no 'role'", suggestion: "remove 'role', or use 'outcome: require_approval'")
            }
        }
        var approvers = 1
        if let a = fields["approvers"] {
            if let n = a.value.scalar.flatMap({ Int($0.string) }), GuardrailParser.approversRange.contains(n) {
                approvers = n
            } else {
                report(a.value, "'approvers' must be a whole number from 1 to 5, got '\(a.value.scalar?.string ?? "a list")'",
                       suggestion: "use 1 (the default) or 2 for four-eyes approval")
            }
            if let outcome = parsedOutcome, outcome != .requireApproval {
                report(a.key, "a rule with outcome \(outcome.rawValue) takes no 'approvers'", suggestion: "remove 'approvers', or use 'outcome: require_approval'")
            }
        }
        // message
        var message = ""
        if let m = fields["message"] {
            if let s = m.value.scalar?.string, !s.guardrailTrimmed.isEmpty {
                message = s.guardrailTrimmed
            } else {
                report(m.value, "'message' must be text for people")
            }
        } else {
            report(node, "rule '\(name)' has no 'message'", suggestion: "add 'message:' saying, for people, why the rule exists")
        }
        // condition
        var condition: CELExpression?
        if let w = fields["when"] {
            condition = parseCondition(w.value, actions: actions)
        }
        guard diagnostics.count == before, let outcome = parsedOutcome else { return nil }
        return GuardrailRule(name: name, actions: actions, condition: condition, outcome: outcome, role: role,
                             approvers: approvers, message: message, line: node.mark?.line ?? 0)
    }

    /// A list of action names (or `"*"`); nil means every action.
    private mutating func parseActions(_ node: Node, rule: String) -> Set<ActionName>? {
        var items: [Node] = []
        if let seq = node.sequence {
            items = Array(seq)
        } else if node.scalar != nil {
            items = [node]
        }
        if items.isEmpty {
            report(node, "rule '\(rule)' covers no action", suggestion: "list actions, e.g. [apply_discount], or [\"*\"] for every action")
            return []
        }
        var out: Set<ActionName> = []
        for item in items {
            guard let text = item.scalar?.string else {
                report(item, "each action must be a name")
                continue
            }
            if text == "*" { return nil }
            if let a = ActionName(rawValue: text) {
                out.insert(a)
            } else {
                report(item, "unknown action '\(text)'", suggestion: actionHint(text))
            }
        }
        return out
    }

    private func actionHint(_ text: String) -> String {
        Suggest.closest(to: text, in: ActionName.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" }
            ?? "run 'o2c actions list' for the actions"
    }

    /// Parses and checks a `when:` condition; positions are mapped into the file.
    private mutating func parseCondition(_ node: Node, actions: Set<ActionName>?) -> CELExpression? {
        guard let scalar = node.scalar else {
            report(node, "'when' must be a condition on one line, e.g. args.discount_percent > 5")
            return nil
        }
        let text = scalar.string
        if text.guardrailTrimmed.isEmpty {
            report(node, "'when' is empty", suggestion: "remove it (the rule then always applies) or write a condition")
            return nil
        }
        let expression: CELExpression
        do {
            expression = try CELExpression(text)
        } catch {
            reportExpression(error, node: node, text: text, actions: actions)
            return nil
        }
        let problems = expression.check(schema: GuardrailFacts.schema(for: actions))
        for p in problems { reportExpression(p, node: node, text: text, actions: actions) }
        return problems.isEmpty ? expression : nil
    }

    private mutating func reportExpression(_ e: ExpressionError, node: Node, text: String, actions: Set<ActionName>?) {
        let (line, column) = position(of: node, text: text, line: e.line, column: e.column)
        var message = e.message
        var suggestion = e.suggestion
        if e.code == .unknownField || e.code == .unknownIdentifier {
            if suggestion?.hasPrefix("declare it") == true {
                suggestion = "see guardrails/README.md for the facts a condition can use"
            }
            // An argument of another action: say so rather than suggest a look-alike.
            let parts = e.message.split(separator: "'", omittingEmptySubsequences: false)
            if parts.count >= 3, parts[1].hasPrefix("args.") {
                let argument = String(parts[1].dropFirst(5).prefix { $0 != "." && $0 != "[" })
                let owners = ActionName.allCases.filter { a in ActionCatalog.spec(for: a).fields.contains { $0.name == argument } }
                if !owners.isEmpty {
                    let covered = actions.map { set in ActionName.allCases.filter { set.contains($0) }.map(\.rawValue) } ?? []
                    message = "unknown field '\(parts[1])': \(covered.isEmpty ? "these actions have" : covered.joined(separator: ", ") + " \(covered.count == 1 ? "has" : "have")") no argument '\(argument)'"
                    suggestion = "'\(argument)' is an argument of \(owners.map(\.rawValue).joined(separator: ", ")); cover that action in 'actions' or fix the name"
                }
            }
        }
        diagnostics.append(GuardrailDiagnostic(file: source.displayPath, line: line, column: column, message: message, suggestion: suggestion))
    }

    /// Maps a (line, column) inside a scalar's text to the file: the scalar's mark plus the offset,
    /// following folded and block scalars across lines.
    func position(of node: Node, text: String, line: Int, column: Int) -> (Int, Int) {
        guard let scalar = node.scalar, let mark = scalar.mark else { return (1, 1) }
        let chars = Array(text.unicodeScalars)
        var index = 0
        var l = 1
        while index < chars.count, l < line {
            if chars[index] == "\n" { l += 1 }
            index += 1
        }
        let target = index + max(column - 1, 0)
        var sl = mark.line
        var sc = mark.column
        var blockIndent: Int?
        switch scalar.style {
        case .literal, .folded:
            sl = mark.line + 1
            sc = firstNonSpace(sl)
            blockIndent = sc
        case .singleQuoted, .doubleQuoted:
            sc = mark.column + 1
        case .any, .plain:
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

    // MARK: roles.yaml

    private mutating func permissions(_ node: Node) -> RolePermissions {
        guard let map = node.mapping else {
            report(node, "'permissions' must map each role to a list of actions", suggestion: "e.g. 'sales_rep: [create_order, apply_discount]'")
            return RolePermissions([:])
        }
        var table: [Role: Set<ActionName>] = [:]
        for (k, v) in map {
            let text = k.scalar?.string ?? ""
            guard let role = Role(rawValue: text) else {
                let all = Role.allCases.map(\.rawValue)
                report(k, "unknown role '\(text)'",
                       suggestion: Suggest.closest(to: text, in: all).map { "did you mean '\($0)'?" } ?? "use one of \(all.joined(separator: ", "))")
                continue
            }
            var actions: Set<ActionName> = []
            let items: [Node] = v.sequence.map { Array($0) } ?? (v.scalar.map { [Node.scalar($0)] } ?? [])
            if v.sequence == nil, v.scalar == nil {
                report(v, "the actions of \(role.rawValue) must be a list", suggestion: "e.g. [create_order, apply_discount], or [\"*\"] for every action")
            }
            for item in items {
                guard let name = item.scalar?.string else {
                    report(item, "each action must be a name")
                    continue
                }
                if name == "*" {
                    actions = Set(ActionName.allCases)
                } else if name.isEmpty {
                    continue
                } else if let a = ActionName(rawValue: name) {
                    actions.insert(a)
                } else {
                    report(item, "unknown action '\(name)'", suggestion: actionHint(name))
                }
            }
            table[role] = actions
        }
        return RolePermissions(table)
    }

    // MARK: reporting

    private mutating func report(_ node: Node?, _ message: String, suggestion: String? = nil) {
        report(line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message, suggestion: suggestion)
    }

    private mutating func report(line: Int, column: Int, _ message: String, suggestion: String? = nil) {
        diagnostics.append(GuardrailDiagnostic(file: source.displayPath, line: line, column: column, message: message, suggestion: suggestion))
    }

    private mutating func reportYAML(_ error: any Error) {
        let starHint = "write [\"*\"] for every action: a bare * starts a YAML alias"
        diagnostics.append(.yaml(error, file: source.displayPath) { line in
            self.lineText(line).contains("*]") && self.source.text.contains("[*]") ? starHint : "check the indentation and quoting on this line"
        })
    }

    private func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lines.count else { return "" }
        var s = ""
        s.unicodeScalars.append(contentsOf: lines[line - 1])
        return s
    }
}

extension String {
    /// The text without leading and trailing spaces and newlines.
    var guardrailTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
