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

    /// The verdict of the global files and the agent's named files.
    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        set.decide(facts, agentFiles: files(for: facts.actor))
    }
}
