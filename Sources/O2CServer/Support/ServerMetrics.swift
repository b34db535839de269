import O2CAgents
import Prometheus

/// The server's own metrics beside Hummingbird's request metrics: agent runs by terminal state,
/// model tokens, and the approval queue's length (read from the ledger when scraped).
enum ServerMetrics {
    private static let runs: [String: Counter] = Dictionary(uniqueKeysWithValues: ["completed", "waiting_approval", "incomplete", "failed"].map {
        ($0, MetricsBootstrap.registry.makeCounter(descriptor: .init(namespace: "o2c", metricName: "agent_runs", unitName: "total",
                                                                     helpText: "Agent runs started through the API, by terminal state."),
                                                   labels: [("state", $0)]))
    })
    private static let tokens: [String: Counter] = Dictionary(uniqueKeysWithValues: ["input", "output"].map {
        ($0, MetricsBootstrap.registry.makeCounter(descriptor: .init(namespace: "o2c", metricName: "model_tokens", unitName: "total",
                                                                     helpText: "Model tokens used by runs started through the API."),
                                                   labels: [("direction", $0)]))
    })
    private static let pending = MetricsBootstrap.registry.makeGauge(descriptor: .init(
        namespace: "o2c", metricName: "approvals_pending", unitName: "", helpText: "Approval requests waiting for a decision."))

    /// Creates the series, so that they read 0 before anything happened.
    static func register() {
        _ = runs
        _ = tokens
        _ = pending
    }

    /// Counts a finished agent run.
    static func record(_ run: RunResult) {
        runs[run.state.rawValue]?.increment()
        tokens["input"]?.increment(by: Int64(run.inputTokens))
        tokens["output"]?.increment(by: Int64(run.outputTokens))
    }

    /// The Prometheus text of every metric of the process.
    static func exposition(approvalsPending: Int?) -> String {
        if let approvalsPending { pending.set(Double(approvalsPending)) }
        return MetricsBootstrap.registry.emitToString()
    }
}
