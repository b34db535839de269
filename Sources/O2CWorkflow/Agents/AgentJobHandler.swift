import O2CAgents
import O2CCore
import O2CLedger

/// Runs the agent an `agent` job names on the event that started it, with the profile's
/// limits and the job key as the run's idempotency scope (its proposals are keyed by it, and
/// with no model its review item is parked once). The run's outcome is the job's result; a run
/// that ends `failed` fails the try (retried like any job).
public struct AgentJobHandler: JobHandler {
    /// The profiles.
    public let profiles: [AgentProfile]
    /// The runner for a profile (each profile may name its own model).
    public let runner: @Sendable (AgentProfile) -> AgentRunner

    /// A handler.
    public init(profiles: [AgentProfile], runner: @escaping @Sendable (AgentProfile) -> AgentRunner) {
        self.profiles = profiles
        self.runner = runner
    }

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        guard let name = job.payload["agent"]?.stringValue, let profile = profiles.first(where: { $0.name == name }) else {
            throw JobFailure("no agent '\(job.payload["agent"]?.stringValue ?? "?")' in agents/ (removed since the job was queued?)", permanent: true)
        }
        let input = AgentTriggers.input(for: job.payload["event"] ?? .null)
        let result = await runner(profile).run(profile, input: input, idempotencyScope: job.key)
        if result.state == .failed {
            // A blocked input is blocked again on every try: a person reads it instead.
            let blocked = result.steps.contains { if case .inputScan(blocked: true, _) = $0 { return true } else { return false } }
            throw JobFailure("run \(result.runID) of \(name) failed: \(result.reason ?? "no reason given")", permanent: blocked)
        }
        var o: JSONObject = ["agent": .string(name), "run_id": .string(result.runID), "state": .string(result.state.rawValue),
                             "approval_ids": .array(result.approvalIDs.map { .string($0) })]
        o["reason"] = result.reason.map { .string($0) } ?? .null
        o["tool_calls"] = .array(result.toolCalls.map(\.json))
        return .object(o)
    }
}
