import O2CCore
import O2CExpression
import O2CYAML

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
    static let requiredHints = [
        ("name", "add 'name: a-short-name'"), ("actions", "add 'actions: [create_order]' or 'actions: [\"*\"]' for every action"),
        ("outcome", "add 'outcome: deny', 'outcome: require_approval' or 'outcome: allow'"),
        ("message", "add 'message:' saying, for people, why the rule exists"),
    ]

    let source: GuardrailSource
    private var reader: YAMLReader
    /// Every problem found.
    var diagnostics: [Diagnostic] { reader.diagnostics }

    init(_ source: GuardrailSource) {
        self.source = source
        self.reader = YAMLReader(file: source.displayPath, text: source.text)
    }

    /// What a file holds once parsed: rules, or permissions for `roles.yaml`.
    enum Parsed {
        case rules(GuardrailFile)
        case roles(RolePermissions)
        case broken
    }

    /// Parses the file; `diagnostics` holds every problem found.
    mutating func parse() -> Parsed {
        let starHint = "write [\"*\"] for every action: a bare * starts a YAML alias"
        let hasStar = source.text.contains("[*]")
        guard let root = reader.root(empty: "start it with 'scope: global' and a 'rules:' list", syntaxHint: { _, line in
            line.contains("*]") && hasStar ? starHint : "check the indentation and quoting on this line"
        }) else { return .broken }
        let isRoles = source.fileName == GuardrailParser.rolesFileName
        guard root.isMapping else {
            report(root, "the file must be a mapping with 'scope' and 'rules'", suggestion: "see guardrails/README.md for the format")
            return .broken
        }
        guard let map = reader.fields(root, keys: isRoles ? GuardrailParser.rolesFileKeys : GuardrailParser.fileKeys, in: nil, unknownHint: { key in
            if key == "permissions" { return "permissions belong in roles.yaml" }
            return key == "rules" && isRoles ? "roles.yaml holds only 'permissions'; put rules in another file" : nil
        }) else { return .broken }
        var scope: GuardrailScope?
        if let v = map["scope"] {
            scope = v.string.flatMap(GuardrailScope.init(rawValue:))
            if scope == nil {
                report(v, "unknown scope '\(v.string ?? "")'", suggestion: "use 'global' (every action) or 'named' (only agents whose profile lists this file)")
            }
        } else {
            report(root, "missing 'scope'", suggestion: "add 'scope: global' (every action) or 'scope: named' (only agents whose profile lists this file)")
        }
        if let d = map["description"], !d.isScalar { report(d, "'description' must be text") }
        if isRoles {
            if scope == .named { report(map["scope"] ?? root, "roles.yaml must have 'scope: global'") }
            guard let permissionsNode = map["permissions"] else {
                report(root, "roles.yaml has no 'permissions'", suggestion: "add 'permissions:' with the actions each role may submit")
                return .broken
            }
            let roles = permissions(permissionsNode)
            return diagnostics.isEmpty ? .roles(roles) : .broken
        }
        var rules: [GuardrailRule] = []
        if let rulesNode = map["rules"] {
            if let seq = rulesNode.items {
                var seen: [String: Int] = [:]
                for (k, item) in seq.enumerated() {
                    if let r = rule(item, number: k + 1, seen: &seen) { rules.append(r) }
                }
            } else if rulesNode.string?.isEmpty == false || rulesNode.isMapping {
                report(rulesNode, "'rules' must be a list of rules", suggestion: "start each rule with '- name: ...'")
            }
        } else {
            report(root, "missing 'rules'", suggestion: "add a 'rules:' list (it may be empty: 'rules: []')")
        }
        guard diagnostics.isEmpty, let scope else { return .broken }
        return .rules(GuardrailFile(fileName: source.fileName, scope: scope, rules: rules))
    }

    // MARK: rules

    private mutating func rule(_ node: YAMLNode, number: Int, seen: inout [String: Int]) -> GuardrailRule? {
        guard node.isMapping else {
            report(node, "rule \(number) must be a mapping", suggestion: "write name, actions, outcome and message under '- '")
            return nil
        }
        guard let fields = reader.fields(node, keys: GuardrailParser.ruleKeys, in: "a rule") else { return nil }
        let before = diagnostics.count
        let name = reader.unique(fields["name"], seen: &seen, what: "rule name", hint: "give each rule in a file its own name")
            ?? fields["name"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "rule \(number)"
        for (key, hint) in GuardrailParser.requiredHints where fields[key] == nil {
            report(node, key == "name" ? "rule \(number) has no 'name'" : "rule '\(name)' has no '\(key)'", suggestion: hint)
        }
        var actions: Set<ActionName>? = []
        if let a = fields["actions"] { actions = parseActions(a, rule: name) }
        let parsedOutcome: GuardrailOutcome? = reader.choice(fields["outcome"], key: "outcome")
        let role: Role? = reader.choice(fields["role"], key: "role")
        let approvers = reader.int(fields["approvers"], key: "approvers", in: GuardrailParser.approversRange, hint: "use 1 (the default) or 2 for four-eyes approval") ?? 1
        for key in ["role", "approvers"] where fields[key] != nil {
            if let outcome = parsedOutcome, outcome != .requireApproval {
                report(node.key(key), "a rule with outcome \(outcome.rawValue) takes no '\(key)'", suggestion: "remove '\(key)', or use 'outcome: require_approval'")
            }
        }
        let message = fields["message"]?.string?.yamlTrimmed ?? ""
        if let m = fields["message"], message.isEmpty { report(m, "'message' must be text for people") }
        let condition = fields["when"].flatMap { parseCondition($0, actions: actions) }
        guard diagnostics.count == before, let outcome = parsedOutcome else { return nil }
        return GuardrailRule(name: name, actions: actions, condition: condition, outcome: outcome, role: role,
                             approvers: approvers, message: message, line: node.line)
    }

    /// A list of action names (or `"*"`); nil means every action.
    private mutating func parseActions(_ node: YAMLNode, rule: String) -> Set<ActionName>? {
        let items = node.items ?? (node.isScalar ? [node] : [])
        if items.isEmpty {
            report(node, "rule '\(rule)' covers no action", suggestion: "list actions, e.g. [apply_discount], or [\"*\"] for every action")
            return []
        }
        var out: Set<ActionName> = []
        for item in items {
            guard let text = item.string else {
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
        YAMLReader.didYouMean(text, in: ActionName.allCases.map(\.rawValue), otherwise: "run 'o2c actions list' for the actions")
    }

    /// Parses and checks a `when:` condition; positions are mapped into the file.
    private mutating func parseCondition(_ node: YAMLNode, actions: Set<ActionName>?) -> CELExpression? {
        guard let text = node.string else {
            report(node, "'when' must be a condition on one line, e.g. args.discount_percent > 5")
            return nil
        }
        if text.yamlTrimmed.isEmpty {
            report(node, "'when' is empty", suggestion: "remove it (the rule then always applies) or write a condition")
            return nil
        }
        let expression: CELExpression
        do {
            expression = try CELExpression(text)
        } catch {
            reportExpression(error, node: node, actions: actions)
            return nil
        }
        let problems = expression.check(schema: GuardrailFacts.schema(for: actions))
        for p in problems { reportExpression(p, node: node, actions: actions) }
        return problems.isEmpty ? expression : nil
    }

    private mutating func reportExpression(_ e: ExpressionError, node: YAMLNode, actions: Set<ActionName>?) {
        let (line, column) = reader.position(in: node, line: e.line, column: e.column)
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
        reader.report(line: line, column: column, message, suggestion: suggestion)
    }

    // MARK: roles.yaml

    private mutating func permissions(_ node: YAMLNode) -> RolePermissions {
        guard let map = node.entries else {
            report(node, "'permissions' must map each role to a list of actions", suggestion: "e.g. 'sales_rep: [create_order, apply_discount]'")
            return RolePermissions([:])
        }
        var table: [Role: Set<ActionName>] = [:]
        for (k, v) in map {
            guard let role: Role = reader.choice(k, key: "role") else { continue }
            var actions: Set<ActionName> = []
            let items = v.items ?? (v.isScalar ? [v] : [])
            if v.items == nil, !v.isScalar {
                report(v, "the actions of \(role.rawValue) must be a list", suggestion: "e.g. [create_order, apply_discount], or [\"*\"] for every action")
            }
            for item in items {
                guard let name = item.string else {
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

    private mutating func report(_ node: YAMLNode?, _ message: String, suggestion: String? = nil) {
        reader.report(node, message, suggestion: suggestion)
    }
}
