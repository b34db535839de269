import CoreMetrics

/// The worker's series through swift-metrics (at `/metrics` when `o2c serve` runs it; no-ops
/// elsewhere): jobs finished by kind and outcome, how long they took, events routed.
struct WorkerMetrics: Sendable {
    func jobFinished(kind: String, outcome: String, nanoseconds: Int64) {
        Counter(label: "o2c_workflow_jobs_total", dimensions: [("kind", kind), ("outcome", outcome)]).increment()
        Timer(label: "o2c_workflow_job_duration_seconds", dimensions: [("kind", kind)]).recordNanoseconds(nanoseconds)
    }

    func eventsRouted(_ events: Int, jobs: Int) {
        guard events > 0 else { return }
        Counter(label: "o2c_workflow_events_routed_total").increment(by: events)
        if jobs > 0 { Counter(label: "o2c_workflow_jobs_enqueued_total").increment(by: jobs) }
    }
}
