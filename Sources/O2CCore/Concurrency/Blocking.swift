import Dispatch

/// Runs blocking work (SQLite, files) on a Dispatch thread and waits for it without holding one
/// of Swift's cooperative threads (as many as cores: two here), which stay free for the rest.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: body()) }
    }
}
