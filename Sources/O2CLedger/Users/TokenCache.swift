import Foundation

/// The users behind recently presented tokens, keyed by token hash, valid for one value of the
/// ledger's `auth_generation` counter. Any change to `users` (a revocation, a new token, a role)
/// raises the counter, by trigger, from any process; the next lookup sees a new value and drops
/// every entry, so a revoked token stops working at the next request. Bounded: when full, it
/// starts over.
final class TokenCache: @unchecked Sendable {
    private let lock = NSLock()
    private var generation: Int64 = -1
    private var users: [String: User] = [:]
    /// The most entries kept.
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The user cached for `tokenHash` at `generation`; nil when unknown or when the users
    /// changed since it was cached.
    func user(_ tokenHash: String, generation: Int64) -> User? {
        lock.lock()
        defer { lock.unlock() }
        if generation != self.generation {
            self.generation = generation
            users.removeAll(keepingCapacity: true)
            return nil
        }
        return users[tokenHash]
    }

    /// Remembers the active user of `tokenHash`, read at `generation`.
    func store(_ user: User, for tokenHash: String, generation: Int64) {
        lock.lock()
        defer { lock.unlock() }
        guard generation == self.generation else { return }
        if users.count >= capacity { users.removeAll(keepingCapacity: true) }
        users[tokenHash] = user
    }
}
