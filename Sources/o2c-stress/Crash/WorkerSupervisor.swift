import Foundation
import O2CCore

/// Keeps one `o2c worker` child running and kills it with SIGKILL at seeded points: while the
/// workload runs, when the count of finished jobs passes each kill point (plus a random delay of
/// up to 250 ms, so a kill lands anywhere in a job); afterwards (`finish`), at random moments
/// 0.2–1.2 s apart until every kill is spent. A worker that ends by itself is counted as a crash.
final class WorkerSupervisor: Sendable {
    private struct State {
        var child: ChildProcess?
        var kills = 0
        var starts = 0
        var crashes: [String] = []
        var finishing = false
        var stopped = false
        var rng: SplitMix64
    }

    private let runner: O2CRunner
    private let probe: LedgerProbe
    private let killPoints: [Int]
    private let logDir: String
    private let leaseSeconds: Int
    private let state: Locked<State>
    private let done = Locked(false)

    /// `killPoints`: counts of finished jobs, ascending; one SIGKILL each.
    init(runner: O2CRunner, probe: LedgerProbe, killPoints: [Int], seed: UInt64, logDir: String, leaseSeconds: Int) {
        self.runner = runner
        self.probe = probe
        self.killPoints = killPoints
        self.logDir = logDir
        self.leaseSeconds = leaseSeconds
        state = Locked(State(rng: SplitMix64(state: seed ^ 0x5EED_C0DE)))
    }

    /// SIGKILLs so far.
    var kills: Int { state.withLock { $0.kills } }
    /// Workers started so far (the first one and every restart).
    var starts: Int { state.withLock { $0.starts } }
    /// Workers that ended without being killed (standard error of each, cut).
    var crashes: [String] { state.withLock { $0.crashes } }

    /// Starts the first worker and the thread that watches and kills it.
    func start() throws {
        try restart()
        Thread.detachNewThread { [self] in
            loop()
            done.withLock { $0 = true }
        }
    }

    /// Switches to the last phase: the kills left happen at random moments, not at progress points.
    func finish() { state.withLock { $0.finishing = true } }

    /// Waits until every kill is spent, then stops the last worker with SIGTERM (it finishes its job).
    func stop() {
        while state.withLock({ $0.kills < killPoints.count }) { Thread.sleep(forTimeInterval: 0.05) }
        state.withLock { $0.stopped = true }
        while !done.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.02) }
        if let child = state.withLock({ $0.child }) {
            child.signal(SIGTERM)
            child.wait()
        }
    }

    private func restart() throws {
        let n = state.withLock { s -> Int in s.starts += 1; return s.starts }
        let child = try runner.startWorker(log: "\(logDir)/worker-\(n).log", leaseSeconds: leaseSeconds)
        state.withLock { $0.child = child }
    }

    private func loop() {
        var nextRandomKill = ContinuousClock.now + .seconds(1)
        while !state.withLock({ $0.stopped }) {
            Thread.sleep(forTimeInterval: 0.05)
            guard let child = state.withLock({ $0.child }) else { continue }
            if exited(child.pid) {
                let status = child.wait()
                let err = (try? String(contentsOfFile: "\(logDir)/worker-\(starts).log.err", encoding: .utf8)) ?? ""
                state.withLock { $0.crashes.append("worker \($0.starts) ended by itself with status \(status): \(err.suffix(500))") }
                try? restart()
                continue
            }
            let (kills, finishing) = state.withLock { ($0.kills, $0.finishing) }
            guard kills < killPoints.count else { continue }
            let due: Bool
            if finishing {
                due = ContinuousClock.now >= nextRandomKill
            } else {
                due = probe.doneJobs() >= killPoints[kills]
            }
            guard due else { continue }
            let delayMs = state.withLock { $0.rng.int(0...250) }
            Thread.sleep(forTimeInterval: Double(delayMs) / 1000)
            child.signal(SIGKILL)
            child.wait()
            state.withLock { $0.kills += 1 }
            try? restart()
            let gapMs = state.withLock { $0.rng.int(200...1200) }
            nextRandomKill = ContinuousClock.now + .milliseconds(gapMs)
        }
    }

    /// Whether the process has ended (a zombie waiting to be reaped), read from /proc.
    private func exited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let rest = stat[stat.index(after: close)...].drop(while: { $0 == " " })
        return rest.first == "Z" || rest.first == "X"
    }
}
