import Foundation
import O2CCore

/// The threads that make the ledger's blocking SQLite calls, so that async code never blocks
/// Swift's cooperative pool (two threads on a two-core machine). It is a task executor: a server's
/// authenticated routes run on it from their first step (`RequestTimeoutMiddleware` starts them
/// there), so authentication, the scope check and the read of one request happen on one ledger
/// thread without a hop in between; an agent run started on it (`AgentRunner`'s `executor`)
/// makes its ledger calls in place between its waits on the model. Each thread reads through its
/// own connection (`LedgerThreadReader`) instead of checking one out of the pool. A server stops
/// it after the HTTP server, once every request has finished; other owners call `stop()`.
public final class LedgerExecutor: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(() -> Void)
    }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [Work] = []
    private var head = 0
    private var stopping = false
    /// Threads that have not decided to end (they decide under the lock, with the queue empty).
    private var running: Int
    /// Threads that have not ended yet (their connection closed).
    private var alive: Int
    private var stopped: [CheckedContinuation<Void, Never>] = []

    /// How many threads a server or a command starts: enough that a few slow calls (a proposal
    /// waiting on the gate's commit) leave others free, few enough to cost nothing while idle.
    public static let defaultThreads = 4

    /// `threads` threads, each reading `ledger` through a connection of its own (when it can
    /// open one: a read-only ledger keeps its single connection).
    public init(threads: Int, ledger: Ledger?) {
        running = max(1, threads)
        alive = running
        for n in 0..<running {
            let thread = Thread { [self] in loop(ledger) }
            thread.name = "o2c-ledger-\(n)"
            thread.start()
        }
    }

    /// Runs `body` on a ledger thread and returns its result: in place when already on one (or on
    /// another thread made for blocking work).
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if BlockingThreads.isCurrent { return try body() }
        return try await withCheckedThrowingContinuation { continuation in
            push(.call { continuation.resume(with: Result { try body() }) })
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        push(.job(UnownedJob(job)))
    }

    private func push(_ work: Work) {
        condition.lock()
        if running == 0 {
            // Stopped: nothing may hang, so late work runs on a thread of Dispatch.
            condition.unlock()
            nonisolated(unsafe) let late = work
            DispatchQueue.global().async { [self] in execute(late) }
            return
        }
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    private func execute(_ work: Work) {
        switch work {
        case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
        case .call(let call): call()
        }
    }

    private func loop(_ ledger: Ledger?) {
        BlockingThreads.markCurrent(true)
        let reader = ledger.flatMap { try? LedgerThreadReader(ledger: $0) }
        reader?.bind()
        while let work = next() { execute(work) }
        reader?.unbind()
        BlockingThreads.markCurrent(false)
        condition.lock()
        alive -= 1
        let done = alive == 0 ? stopped : []
        if alive == 0 { stopped = [] }
        condition.unlock()
        for waiter in done { waiter.resume() }
    }

    /// The next piece of work; nil once stopping and nothing is left, when the thread counts
    /// itself out in the same critical section (so work pushed later goes to Dispatch, never to
    /// a queue no thread reads).
    private func next() -> Work? {
        condition.lock()
        while head == queue.count {
            if stopping {
                running -= 1
                condition.unlock()
                return nil
            }
            condition.wait()
        }
        defer { condition.unlock() }
        let work = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return work
    }

    /// Lets the threads finish the work queued, close their connections and end; work that comes
    /// later runs on Dispatch.
    public func stop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            condition.lock()
            stopping = true
            if alive == 0 {
                condition.unlock()
                done.resume()
                return
            }
            stopped.append(done)
            condition.broadcast()
            condition.unlock()
        }
    }
}
