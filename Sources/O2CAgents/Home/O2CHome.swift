import Foundation
import O2CCore
import O2CLedger

/// The folder an installation keeps its files in (SPEC §3 `O2C_HOME`): `agents/` (profiles and
/// their scenario tests), `prompts/`, `guardrails/` (with `content/`) and `outbox/`. The CLI, the
/// server and the workflow worker find these files and load the guardrail policy and the agent
/// profiles through this one type, so they cannot disagree about which rules are in force.
public struct O2CHome: Sendable, Hashable, CustomStringConvertible {
    /// The folder, as given (`.` for the current directory).
    public let path: String
    /// The model names profiles may use (o2c.yaml's `models:` and `default`); nil: read o2c.yaml
    /// from `$O2C_CONFIG` or the current directory when checking profiles.
    public let modelNames: [String]?

    /// The home at `path`.
    public init(_ path: String, modelNames: [String]? = nil) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.modelNames = modelNames
    }

    /// The home of SPEC §3: `flag` (`--home`), else `O2C_HOME`, else o2c.yaml's `home`, else the
    /// current directory.
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               config: O2CConfig = O2CConfig()) -> O2CHome {
        let chosen = [flag, environment["O2C_HOME"], config.home].lazy.compactMap { $0 }.first { !$0.isEmpty }
        return O2CHome(chosen ?? ".", modelNames: config.modelNames)
    }

    /// The folder.
    public var description: String { path }

    /// `agents/`: one profile per agent.
    public var agentsDirectory: String { file("agents") }
    /// `agents/tests/`: the scenarios `o2c agents test` replays.
    public var agentTestsDirectory: String { file("agents/tests") }
    /// `prompts/`: the Mustache partials profiles include.
    public var promptsDirectory: String { file("prompts") }
    /// `guardrails/`: the action rules and `roles.yaml`.
    public var guardrailsDirectory: String { file("guardrails") }
    /// `guardrails/content/`: injection patterns, PII fields, dunning wording.
    public var contentDirectory: String { file("guardrails/content") }
    /// `outbox/`: e-mails written as `.eml` files when no SMTP server is set.
    public var outboxDirectory: String { file("outbox") }

    private func file(_ name: String) -> String { path == "." ? name : path == "/" ? "/" + name : path + "/" + name }

    // MARK: loading

    /// The guardrail files, or every problem in them.
    public func guardrails() -> Result<GuardrailSet, GuardrailLoadError> { GuardrailSet.load(directory: guardrailsDirectory) }

    /// The policy every write runs under (SPEC §7): the guardrails, with the named files bound to
    /// the agents whose profiles list them. Without `guardrails/` or its `roles.yaml`, a policy
    /// that refuses every write and says why (reads keep working); a broken file throws with every
    /// problem listed, so nothing runs under half the rules.
    public func policy() throws(O2CHomeError) -> any ActionPolicy {
        guard FileManager.default.fileExists(atPath: guardrailsDirectory) else { return MissingGuardrailsPolicy.noFolder(home: path) }
        switch guardrails() {
        case .success(let set):
            guard set.hasRolesFile else { return MissingGuardrailsPolicy.noRoles(directory: guardrailsDirectory) }
            let profiles = catalog(guardrails: set).profiles
            return set.policy(filesByAgent: Dictionary(profiles.map { ($0.name, $0.guardrails) }, uniquingKeysWith: { a, _ in a }))
        case .failure(let e):
            throw O2CHomeError(message: "the guardrails in \(guardrailsDirectory) are broken, so nothing runs until they are fixed:\n"
                                   + e.diagnostics.map { "  \($0)" }.joined(separator: "\n") + "\n  ('o2c guardrails lint' lists every problem)")
        }
    }

    /// The agent profiles of `agents/`, checked against the guardrail files (loaded when not given).
    public func catalog(guardrails: GuardrailSet? = nil) -> AgentCatalog {
        AgentCatalog.load(home: path, guardrails: guardrails ?? (try? self.guardrails().get()), models: modelNames)
    }

    /// The prompt assembler over `prompts/`.
    public func assembler() -> PromptAssembler { PromptAssembler(promptsDirectory: promptsDirectory) }

    /// The content guardrails of `guardrails/content/`, or the built-in ones when the folder is
    /// missing; a broken file throws with its location.
    public func contentGuard() throws(O2CHomeError) -> any ContentGuard {
        guard FileManager.default.fileExists(atPath: contentDirectory) else { return ContentPolicyGuard(policy: .standard) }
        switch ContentPolicy.load(directory: contentDirectory) {
        case .success(let policy): return ContentPolicyGuard(policy: policy)
        case .failure(let error): throw O2CHomeError(message: "the content guardrails in \(contentDirectory) are broken: \(error)")
        }
    }
}

/// A file in the home folder is broken; the message lists where and what to do.
public struct O2CHomeError: Error, CustomStringConvertible {
    /// What is wrong, with file and line.
    public let message: String
    /// The message.
    public var description: String { message }
}
