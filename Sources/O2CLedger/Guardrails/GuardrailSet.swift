import Foundation
import O2CCore
import O2CExpression

/// The guardrail files of one folder, parsed and compiled: the rules and the role permissions.
/// Immutable and `Sendable`; evaluating an action reads no file.
///
/// Semantics (SPEC §5, §7): a rule applies when its `actions` cover the action and its `when`
/// is true. Any deny wins, then any require_approval, then allow. An agent's write that no rule
/// explicitly allows waits for a person. A user's write needs a role that `roles.yaml`
/// permits; the workflow (`system`) is permitted everything. A condition that cannot be
/// evaluated (a fact it reads is absent for this action, a type error at run time) fails
/// closed: the rule asks an admin to approve.
public struct GuardrailSet: Sendable {
    /// The rule files, in name order.
    public let files: [GuardrailFile]
    /// Which actions each user role may submit.
    public let roles: RolePermissions
    /// Whether the permissions came from `roles.yaml` (else the standard ones apply).
    public let hasRolesFile: Bool
    /// Every rule ready to evaluate, file by file in order.
    private let compiled: [CompiledRule]
    /// The bound condition of each rule of `compiled` (nil means always), apart so the hot loop copies little.
    private let conditions: [BoundExpression?]
    /// Per file, the rules covering each action (indices into `compiled`, in file order).
    private let index: [[ActionName: [Int]]]
    /// The field paths the conditions read, with the slot each was bound to.
    private let symbols: ExprSymbolTable

    /// A rule with its condition bound to the set's symbol table and the firing it records
    /// when its condition holds, built once at load time.
    struct CompiledRule: Sendable {
        /// Index into `files`.
        let file: Int
        /// Index into the file's `rules`.
        let rule: Int
        /// What it records when it fires.
        let firing: GuardrailFiring
    }

    init(files: [GuardrailFile], roles: RolePermissions?) {
        self.files = files
        self.roles = roles ?? .standard
        self.hasRolesFile = roles != nil
        var symbols = ExprSymbolTable()
        var compiled: [CompiledRule] = []
        var conditions: [BoundExpression?] = []
        var index: [[ActionName: [Int]]] = []
        for (k, file) in files.enumerated() {
            let first = compiled.count
            for (i, rule) in file.rules.enumerated() {
                conditions.append(rule.condition.map { symbols.bind($0) })
                compiled.append(CompiledRule(
                    file: k, rule: i,
                    firing: GuardrailFiring(rule: FiredRule(file: file.fileName, name: rule.name, message: rule.message),
                                            outcome: rule.outcome, role: rule.role, approvers: rule.approvers, evaluationError: nil)))
            }
            var byAction: [ActionName: [Int]] = [:]
            for action in ActionName.allCases {
                byAction[action] = file.rules.indices.filter { file.rules[$0].covers(action) }.map { first + $0 }
            }
            index.append(byAction)
        }
        self.compiled = compiled
        self.conditions = conditions
        self.index = index
        self.symbols = symbols
    }

    /// The file names, `roles.yaml` included when present.
    public var fileNames: [String] {
        (files.map(\.fileName) + (hasRolesFile ? [GuardrailParser.rolesFileName] : [])).sorted()
    }

    /// Names of `named` files agent profiles may list (without `.yaml`).
    public var namedFiles: [String] { files.filter { $0.scope == .named }.map(\.name) }

    /// The names in `agentFiles` that are not `named` files of this set (for profile checks).
    public func unknownFiles(_ agentFiles: [String]) -> [String] {
        let known = Set(namedFiles)
        return agentFiles.filter { !known.contains($0) }
    }

    /// The names in `agentFiles` (without `.yaml`) that are no file of this set at all, global or
    /// named: a profile naming one is bound to rules that do not exist.
    public func missingFiles(_ agentFiles: [String]) -> [String] {
        let known = Set(fileNames.map { $0.hasSuffix(".yaml") ? String($0.dropLast(5)) : $0 })
        return agentFiles.filter { !known.contains($0) }
    }

    /// No rule files and the standard role permissions: users need a permitting role, the
    /// workflow is allowed, agents always wait for approval. The built-in policy the demo history
    /// and the benchmarks run under; a home without guardrails gets `MissingGuardrailsPolicy`.
    public static var empty: GuardrailSet { GuardrailSet(files: [], roles: nil) }

    // MARK: loading

    /// Reads every `*.yaml` file in `directory`. Refuses the whole set on any problem.
    public static func load(directory: String) -> Result<GuardrailSet, GuardrailLoadError> {
        let (set, problems) = read(directory: directory)
        if let set, problems.isEmpty { return .success(set) }
        return .failure(GuardrailLoadError(diagnostics: problems))
    }

    /// Builds a set from file texts (`["credit.yaml": "scope: global\nrules: ..."]`), as `load` does.
    public static func load(files: [String: String], displayDirectory: String = "guardrails") -> Result<GuardrailSet, GuardrailLoadError> {
        let sources = files.keys.sorted().map { GuardrailSource(fileName: $0, displayPath: displayDirectory + "/" + $0, text: files[$0] ?? "") }
        let (set, problems) = build(sources)
        if let set, problems.isEmpty { return .success(set) }
        return .failure(GuardrailLoadError(diagnostics: problems))
    }

    /// Every problem in the folder's guardrail files (empty when they are all fine).
    public static func lint(directory: String) -> [Diagnostic] {
        read(directory: directory).1
    }

    /// The `*.yaml` files of a folder, sorted; nil when the folder cannot be read.
    static func yamlFiles(in directory: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    static func display(_ directory: String) -> String {
        var d = directory
        while d.count > 1, d.hasSuffix("/") { d.removeLast() }
        while d.hasPrefix("./"), d.count > 2 { d.removeFirst(2) }
        return d
    }

    private static func read(directory: String) -> (GuardrailSet?, [Diagnostic]) {
        let shown = display(directory)
        guard let names = yamlFiles(in: directory) else {
            return (nil, [Diagnostic(file: shown, line: 1, column: 1, message: "no guardrails folder at \(directory)",
                                              suggestion: "create it (see guardrails/README.md) or point O2C_HOME / --home at the folder that holds guardrails/")])
        }
        var sources: [GuardrailSource] = []
        var problems: [Diagnostic] = []
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(".yml") {
                problems.append(Diagnostic(file: shown + "/" + name, line: 1, column: 1, message: "guardrail files end in .yaml; this one is ignored",
                                                    suggestion: "rename it to \(name.dropLast(4)).yaml"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(Diagnostic(file: shown + "/" + name, line: 1, column: 1, message: "cannot read the file as UTF-8 text",
                                                    suggestion: "check its permissions and encoding"))
                continue
            }
            sources.append(GuardrailSource(fileName: name, displayPath: shown + "/" + name, text: text))
        }
        let (set, more) = build(sources)
        return (set, problems + more)
    }

    private static func build(_ sources: [GuardrailSource]) -> (GuardrailSet?, [Diagnostic]) {
        var files: [GuardrailFile] = []
        var roles: RolePermissions?
        var problems: [Diagnostic] = []
        for source in sources {
            var parser = GuardrailParser(source)
            switch parser.parse() {
            case .rules(let f): files.append(f)
            case .roles(let r): roles = r
            case .broken: break
            }
            problems += parser.diagnostics.enumerated()
                .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
                .map(\.element)
        }
        return (GuardrailSet(files: files, roles: roles), problems)
    }

    // MARK: evaluation

    /// The policy the gate asks: the global files, plus for agents the named files their profile
    /// lists (`filesByAgent[agent name]`, or `agentFiles` for every agent).
    public func policy(agentFiles: [String] = [], filesByAgent: [String: [String]] = [:]) -> GuardrailPolicy {
        GuardrailPolicy(set: self, agentFiles: agentFiles, filesByAgent: filesByAgent)
    }

    /// Decides on an action and lists every rule that fired. `agentFiles` names the `named`
    /// files that apply (they apply only to agent actors).
    public func evaluate(_ facts: ActionFacts, agentFiles: [String] = []) -> GuardrailVerdict {
        let hits = self.hits(facts, agentFiles: agentFiles)
        return verdict(hits, isAgent: facts.actor.kind == .agent, recordFired: true)
    }

    /// The decision alone (what the gate needs), without the list of every rule that fired.
    func decide(_ facts: ActionFacts, agentFiles: [String]) -> PolicyDecision {
        let hits = self.hits(facts, agentFiles: agentFiles)
        return verdict(hits, isAgent: facts.actor.kind == .agent, recordFired: false).decision
    }

    /// The rules that fired on an action, in evaluation order: indices into `compiled` for
    /// rules whose condition held, and the firings built on the spot (conditions that could
    /// not be evaluated, role checks) in `built`, referenced as `-1 - position`.
    struct Hits {
        var order: [Int] = []
        var built: [GuardrailFiring] = []

        mutating func append(_ firing: GuardrailFiring) {
            order.append(-1 - built.count)
            built.append(firing)
        }
    }

    private func hits(_ facts: ActionFacts, agentFiles: [String]) -> Hits {
        var hits = Hits()
        let isAgent = facts.actor.kind == .agent
        var values: [String: ExprValue]?
        var frame = ExprFrame(count: 0)
        var framed = false
        for (k, file) in files.enumerated() {
            if file.scope == .named, !(isAgent && agentFiles.contains(file.name)) { continue }
            guard let covering = index[k][facts.action], !covering.isEmpty else { continue }
            if hits.order.capacity == 0 { hits.order.reserveCapacity(max(covering.count, 8)) }
            for c in covering {
                if conditions[c] == nil {
                    hits.order.append(c)
                    continue
                }
                if !framed {
                    let v = GuardrailFacts.values(facts)
                    values = v
                    frame = symbols.frame(v)
                    framed = true
                }
                if let holds = conditions[c]?.condition(frame) {
                    if holds { hits.order.append(c) }
                    continue
                }
                // Not evaluable from the frame: evaluate against the map for the precise outcome.
                let rule = file.rules[compiled[c].rule]
                let applies: Bool
                var failure: ExpressionError?
                do {
                    applies = try rule.condition?.evaluateCondition(values ?? GuardrailFacts.values(facts)) ?? true
                } catch {
                    applies = true
                    failure = error
                }
                guard applies else { continue }
                guard let failure else {
                    hits.order.append(c)
                    continue
                }
                hits.append(GuardrailFiring(
                    rule: FiredRule(file: file.fileName, name: rule.name,
                                    message: "this rule could not be evaluated (\(failure.message)), so an admin must decide; the rule says: \(rule.message)"),
                    outcome: .requireApproval, role: .admin, approvers: rule.outcome == .requireApproval ? rule.approvers : 1,
                    evaluationError: failure.description))
            }
        }
        if facts.actor.kind == .user {
            if let role = facts.actorRole {
                if !roles.permits(role, facts.action) {
                    let who = roles.roles(permitting: facts.action).map(\.rawValue)
                    let allowed = who.isEmpty ? "no role" : who.joined(separator: ", ")
                    hits.append(GuardrailFiring(
                        rule: FiredRule(file: GuardrailParser.rolesFileName, name: "role-permissions",
                                        message: "role \(role.rawValue) may not submit \(facts.action.rawValue); roles.yaml permits it to \(allowed)"),
                        outcome: .deny, role: nil, approvers: 1, evaluationError: nil))
                }
            } else {
                hits.append(GuardrailFiring(
                    rule: FiredRule(file: "(built-in)", name: "unknown-user",
                                    message: "unknown user \(facts.actor.name); add with o2c users add \(facts.actor.name) --role ROLE"),
                    outcome: .deny, role: nil, approvers: 1, evaluationError: nil))
            }
        }
        return hits
    }

    /// Any deny wins, then require_approval (the most approvers, the first role on ties), then
    /// allow; an agent's write without an explicit allow waits for a person.
    private func verdict(_ hits: Hits, isAgent: Bool, recordFired: Bool) -> GuardrailVerdict {
        var denies = 0
        var approvals = 0
        var allows = 0
        var top = 0  // the hit whose role and approvers an approval asks for
        var topApprovers = 0
        for h in hits.order {
            let outcome = h >= 0 ? compiled[h].firing.outcome : hits.built[-1 - h].outcome
            switch outcome {
            case .deny: denies += 1
            case .allow: allows += 1
            case .requireApproval:
                let approvers = h >= 0 ? compiled[h].firing.approvers : hits.built[-1 - h].approvers
                if approvals == 0 || approvers > topApprovers {
                    top = h
                    topApprovers = approvers
                }
                approvals += 1
            }
        }
        var fired: [GuardrailFiring] = []
        if recordFired {
            fired.reserveCapacity(hits.order.count + 1)
            for h in hits.order { fired.append(h >= 0 ? compiled[h].firing : hits.built[-1 - h]) }
        }
        func rules(_ outcome: GuardrailOutcome, count: Int) -> [FiredRule] {
            var out: [FiredRule] = []
            out.reserveCapacity(count)
            for h in hits.order {
                if h >= 0 {
                    if compiled[h].firing.outcome == outcome { out.append(compiled[h].firing.rule) }
                } else if hits.built[-1 - h].outcome == outcome {
                    out.append(hits.built[-1 - h].rule)
                }
            }
            return out
        }
        if denies > 0 { return GuardrailVerdict(decision: .deny(rules: rules(.deny, count: denies)), fired: fired) }
        if approvals > 0 {
            let role = top >= 0 ? compiled[top].firing.role : hits.built[-1 - top].role
            return GuardrailVerdict(decision: .requireApproval(role: role, approvers: topApprovers, rules: rules(.requireApproval, count: approvals)),
                                    fired: fired)
        }
        if isAgent, allows == 0 {
            let builtIn = GuardrailFiring(
                rule: FiredRule(file: "(built-in)", name: "agents-need-approval",
                                message: "no guardrail allows this agent write, so a person must approve it"),
                outcome: .requireApproval, role: nil, approvers: 1, evaluationError: nil)
            if recordFired { fired.append(builtIn) }
            return GuardrailVerdict(decision: .requireApproval(role: nil, approvers: 1, rules: [builtIn.rule]), fired: fired)
        }
        return GuardrailVerdict(decision: .allow(rules: rules(.allow, count: allows)), fired: fired)
    }
}
