import Foundation

/// A value guarded by an `NSLock` (usable on every platform the package targets, unlike `Mutex`
/// which needs macOS 15). Shared with the sibling O2CLLMTesting target through `package` access.
package final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Creates a box holding `value`.
    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
