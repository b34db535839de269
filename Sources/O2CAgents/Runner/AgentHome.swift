import Foundation

/// The agent designer's home folder: `agents/`, `prompts/`, `guardrails/` (and `guardrails/content/`).
public enum AgentHome {
    /// The content guardrails of `home/guardrails/content`, or the built-in ones when the folder
    /// is missing. A broken file throws with its location.
    public static func contentGuard(home: String) throws -> any ContentGuard {
        let dir = home + "/guardrails/content"
        guard FileManager.default.fileExists(atPath: dir) else { return ContentPolicyGuard(policy: .standard) }
        switch ContentPolicy.load(directory: dir) {
        case .success(let policy): return ContentPolicyGuard(policy: policy)
        case .failure(let error): throw error
        }
    }
}
