import Foundation
import O2CCore

/// The guardrails in force, re-read when the files change. A broken edit never takes effect:
/// the previous set stays in force and the problems are reported. Thread-safe.
public final class GuardrailStore: ActionPolicy, Sendable {
    /// What a reload did.
    public enum Reload: Sendable {
        /// No file changed.
        case unchanged
        /// The new files are in force.
        case reloaded
        /// The new files are broken; the previous set stays in force.
        case rejected([Diagnostic])
    }

    /// The folder the files are read from.
    public let directory: String
    private let state: Locked<State>

    /// The set in force, the file stamps it was read at, the last rejected reload's problems and
    /// the named files of each agent.
    private struct State {
        var current: GuardrailSet
        var stamp: [FileStamp]
        var problems: [Diagnostic] = []
        var agentFiles: [String: [String]] = [:]
    }

    /// Loads the folder; refuses to start on a broken set.
    public init(directory: String) throws(GuardrailLoadError) {
        self.directory = directory
        let stamp = GuardrailStore.stamp(directory)
        switch GuardrailSet.load(directory: directory) {
        case .success(let set): state = Locked(State(current: set, stamp: stamp))
        case .failure(let e): throw e
        }
    }

    /// The set in force.
    public var set: GuardrailSet { state.withLock { $0.current } }

    /// The problems of the last rejected reload; empty when the files on disk are in force.
    public var diagnostics: [Diagnostic] { state.withLock { $0.problems } }

    /// Says which `named` files apply to an agent's actions (from its profile).
    public func setAgentFiles(_ files: [String], for agent: String) { state.withLock { $0.agentFiles[agent] = files } }

    /// Re-reads the folder when a file was added, removed or changed (size or modification time).
    public func reloadIfChanged() -> Reload {
        let now = GuardrailStore.stamp(directory)
        if state.withLock({ $0.stamp == now }) { return .unchanged }
        let result = GuardrailSet.load(directory: directory)
        return state.withLock { s in
            s.stamp = now
            switch result {
            case .success(let set):
                s.current = set
                s.problems = []
                return .reloaded
            case .failure(let e):
                s.problems = e.diagnostics
                return .rejected(e.diagnostics)
            }
        }
    }

    /// The verdict of the set in force.
    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        evaluate(facts).decision
    }

    /// What `roles.yaml` of the set in force permits.
    public func rolePermits(_ role: Role, _ action: ActionName) -> Bool { set.roles.permits(role, action) }

    /// The verdict with every rule that fired, under the set in force.
    public func evaluate(_ facts: ActionFacts) -> GuardrailVerdict {
        let (set, files) = state.withLock { s in (s.current, facts.actor.kind == .agent ? s.agentFiles[facts.actor.name] ?? [] : []) }
        return set.evaluate(facts, agentFiles: files)
    }

    struct FileStamp: Hashable {
        let name: String
        let size: UInt64
        let modified: Double
    }

    static func stamp(_ directory: String) -> [FileStamp] {
        guard let names = GuardrailSet.yamlFiles(in: directory) else { return [] }
        return names.map { name in
            let attributes = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)) ?? [:]
            let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return FileStamp(name: name, size: size, modified: modified)
        }
    }
}
