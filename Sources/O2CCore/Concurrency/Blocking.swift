import Dispatch

/// The queue of `blocking`: a queue of our own, because Dispatch's global queues run only as
/// many threads as there are cores (two here) and do not add one while those are blocked in
/// SQLite or a sleep, so blocking work on them starves every other caller. A queue created by
/// the program overcommits: a caller that blocks gets a new thread for the next piece of work.
private let blockingQueue = DispatchQueue(label: "o2c.blocking", qos: .userInitiated, attributes: .concurrent)

/// Runs blocking work (SQLite, files) on a Dispatch thread and waits for it without holding one
/// of Swift's cooperative threads (as many as cores: two here), which stay free for the rest.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        blockingQueue.async { continuation.resume(returning: body()) }
    }
}
