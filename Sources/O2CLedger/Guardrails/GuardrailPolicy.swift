import O2CCore

/// The gate's guardrail step over a fixed `GuardrailSet`.
public struct GuardrailPolicy: ActionPolicy {
    /// The rules.
    public let set: GuardrailSet
    /// Named files that apply to every agent's actions.
    public let agentFiles: [String]
    /// Named files that apply to one agent's actions, by agent name.
    public let filesByAgent: [String: [String]]

    /// A policy over `set`.
    public init(set: GuardrailSet, agentFiles: [String] = [], filesByAgent: [String: [String]] = [:]) {
        self.set = set
        self.agentFiles = agentFiles
        self.filesByAgent = filesByAgent
    }

    /// The named files that apply to an action of `actor`.
    public func files(for actor: Actor) -> [String] {
        guard actor.kind == .agent else { return [] }
        return agentFiles + (filesByAgent[actor.name] ?? [])
    }

    /// The verdict of the global files and the agent's named files. An agent whose profile names
    /// a guardrail file that does not exist is refused (fail closed: its rules cannot apply).
    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        let named = files(for: facts.actor)
        if !named.isEmpty {
            let missing = set.missingFiles(named)
            if !missing.isEmpty {
                return .deny(rules: [FiredRule(file: "(built-in)", name: "missing-guardrail-file",
                                               message: "\(facts.actor) is bound to guardrail file\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0).yaml'" }.joined(separator: ", ")) that do\(missing.count == 1 ? "es" : "") not exist, so its writes are refused; fix the profile or add the file ('o2c guardrails lint')")])
            }
        }
        return set.decide(facts, agentFiles: named)
    }

    /// What `roles.yaml` permits.
    public func rolePermits(_ role: Role, _ action: ActionName) -> Bool { set.roles.permits(role, action) }
}
