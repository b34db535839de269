import Foundation
import O2CCore

/// The policy when the guardrails cannot be in force (no `guardrails/` folder, no `roles.yaml`):
/// every write is refused with the reason, reads keep working, and nobody may approve.
public struct MissingGuardrailsPolicy: ActionPolicy {
    /// Why writes are refused and what to do, e.g. "no guardrails/ folder in /home/x: …".
    public let reason: String

    /// A policy refusing every write with `reason`.
    public init(reason: String) { self.reason = reason }

    /// Refuses with the reason.
    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        .deny(rules: [FiredRule(file: "(built-in)", name: "no-guardrails", message: reason)])
    }

    /// Nobody may submit, so nobody may approve.
    public func rolePermits(_ role: Role, _ action: ActionName) -> Bool { false }

    /// The reason.
    public var writesRefused: String? { reason }

    /// The policy for a home folder whose `guardrails/` folder is missing.
    public static func noFolder(home: String) -> MissingGuardrailsPolicy {
        MissingGuardrailsPolicy(reason: "no guardrails/ folder in \(absolute(home)): writes are refused; set O2C_HOME to the folder holding guardrails/")
    }

    /// The policy for a guardrails folder without `roles.yaml`.
    public static func noRoles(directory: String) -> MissingGuardrailsPolicy {
        MissingGuardrailsPolicy(reason: "no roles.yaml in \(absolute(directory)): writes are refused until it says which role may submit which action (see guardrails/README.md)")
    }

    private static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path == "." ? cwd : cwd + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }
}
