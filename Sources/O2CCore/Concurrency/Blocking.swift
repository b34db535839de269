import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The queue of `blocking`: a queue of our own, because Dispatch's global queues run only as
/// many threads as there are cores (two here) and do not add one while those are blocked in
/// SQLite or a sleep, so blocking work on them starves every other caller. A queue created by
/// the program overcommits: a caller that blocks gets a new thread for the next piece of work.
private let blockingQueue = DispatchQueue(label: "o2c.blocking", qos: .userInitiated, attributes: .concurrent)

/// Runs blocking work (SQLite, files) on a Dispatch thread and waits for it without holding one
/// of Swift's cooperative threads (as many as cores: two here), which stay free for the rest.
/// On a thread made for blocking work (`BlockingThreads`, a server's ledger threads) it runs the
/// work in place: there is nothing to keep free.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    if BlockingThreads.isCurrent { return body() }
    return await withCheckedContinuation { continuation in
        blockingQueue.async { continuation.resume(returning: body()) }
    }
}

/// The threads made for blocking work (a server's ledger threads), marked by themselves.
public enum BlockingThreads {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether the calling thread is marked as made for blocking work.
    public static var isCurrent: Bool { pthread_getspecific(key) != nil }

    /// Marks (or unmarks) the calling thread as made for blocking work.
    public static func markCurrent(_ marked: Bool) {
        pthread_setspecific(key, marked ? UnsafeRawPointer(bitPattern: 1) : nil)
    }
}
