import Foundation
import O2CCore

/// The guardrails in force, re-read when the files change. A broken edit never takes effect:
/// the previous set stays in force and the problems are reported. Thread-safe.
public final class GuardrailStore: ActionPolicy, @unchecked Sendable {
    /// What a reload did.
    public enum Reload: Sendable {
        /// No file changed.
        case unchanged
        /// The new files are in force.
        case reloaded
        /// The new files are broken; the previous set stays in force.
        case rejected([GuardrailDiagnostic])
    }

    /// The folder the files are read from.
    public let directory: String
    private let lock = NSLock()
    private var current: GuardrailSet
    private var stamp: [FileStamp]
    private var problems: [GuardrailDiagnostic] = []
    private var agentFiles: [String: [String]] = [:]

    /// Loads the folder; refuses to start on a broken set.
    public init(directory: String) throws(GuardrailLoadError) {
        self.directory = directory
        let stamp = GuardrailStore.stamp(directory)
        switch GuardrailSet.load(directory: directory) {
        case .success(let set): current = set
        case .failure(let e): throw e
        }
        self.stamp = stamp
    }

    /// The set in force.
    public var set: GuardrailSet {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    /// The problems of the last rejected reload; empty when the files on disk are in force.
    public var diagnostics: [GuardrailDiagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return problems
    }

    /// Says which `named` files apply to an agent's actions (from its profile).
    public func setAgentFiles(_ files: [String], for agent: String) {
        lock.lock()
        defer { lock.unlock() }
        agentFiles[agent] = files
    }

    /// Re-reads the folder when a file was added, removed or changed (size or modification time).
    public func reloadIfChanged() -> Reload {
        let now = GuardrailStore.stamp(directory)
        lock.lock()
        let same = now == stamp
        lock.unlock()
        if same { return .unchanged }
        let result = GuardrailSet.load(directory: directory)
        lock.lock()
        defer { lock.unlock() }
        stamp = now
        switch result {
        case .success(let set):
            current = set
            problems = []
            return .reloaded
        case .failure(let e):
            problems = e.diagnostics
            return .rejected(e.diagnostics)
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
        lock.lock()
        let set = current
        let files = facts.actor.kind == .agent ? agentFiles[facts.actor.name] ?? [] : []
        lock.unlock()
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
