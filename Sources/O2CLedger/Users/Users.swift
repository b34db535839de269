import Foundation
import GRDB
import O2CCore

/// A user of o2c: a name, a role, an approval limit and an API token (stored only as a hash).
public struct User: Sendable, Hashable {
    /// Unique name, used with `--as`.
    public let name: String
    /// What the user may do.
    public let role: Role
    /// The largest amount (base currency) the user may approve; nil means no limit.
    public let approvalLimit: Money?
    /// Whether the user's token was revoked.
    public let revoked: Bool

    /// `{name, role, approval_limit, revoked}`.
    public var json: JSONValue {
        ["name": .string(name), "role": .string(role.rawValue), "approval_limit": approvalLimit.map { .string($0.decimalString) } ?? .null,
         "revoked": .bool(revoked)]
    }
}

/// The users table. Users are reference data: added and changed here, each change audited.
enum Users {
    static func role(_ db: Database, name: String) throws -> Role? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT role FROM users WHERE name = ? AND revoked = 0"), arguments: [name]).flatMap(Role.init(rawValue:))
    }

    static func load(_ db: Database, name: String, base: Currency) throws -> User? {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]) else { return nil }
        return user(r, base: base)
    }

    static func user(_ r: Row, base: Currency) -> User {
        User(name: r["name"], role: Role(rawValue: r["role"]) ?? .salesRep,
             approvalLimit: (r["approval_limit_minor"] as Int64?).map { Money(minor: $0, currency: base) }, revoked: r["revoked"])
    }

    /// A new random token: 32 bytes from the system's cryptographic RNG, as `o2c_` + hex.
    static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return "o2c_" + Hex.encode(bytes)
    }

    static func hash(_ token: String) -> String { Hex.sha256("o2c-token-v1\n" + token) }
}

extension Ledger {
    /// Adds a user and returns its API token, which is shown this once and stored only as a hash.
    public func addUser(name: String, role: Role, approvalLimit: String?) throws(LedgerError) -> (User, token: String) {
        guard Actor.isValidName(name) else {
            throw LedgerError(.badRequest, "'\(name)' is not a valid user name: use 1–64 letters, digits, '-', '_' or '.'")
        }
        let token = Users.newToken()
        let now = clock.now().iso8601
        let user: User = try write { db in
            let base = try Ledger.baseCurrency(db)
            if try Users.load(db, name: name, base: base) != nil {
                throw LedgerError(.badRequest, "user \(name) already exists; use 'o2c users token \(name)' for a new token")
            }
            var limit: Int64?
            if let approvalLimit {
                do { limit = try Money.parseMinor(approvalLimit, exponent: base.exponent) } catch let e as MoneyError {
                    throw LedgerError(.badRequest, "--approval-limit: \(e.description) for \(base.code)")
                }
                if (limit ?? 0) < 0 { throw LedgerError(.badRequest, "--approval-limit must not be negative") }
            }
            try db.execute(sql: "INSERT INTO users (name, role, approval_limit_minor, token_hash, created_at, token_rotated_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [name, role.rawValue, limit, Users.hash(token), now, now])
            _ = try Audit.append(db, at: now, actor: Actor(kind: .system, name: "users"), action: "add_user",
                                 args: JSONValue.object(["name": .string(name), "role": .string(role.rawValue),
                                                         "approval_limit": limit.map { .string(Money(minor: $0, currency: base).decimalString) } ?? .null]).canonical,
                                 result: "{}", idempotencyKey: nil, approvalID: nil)
            return User(name: name, role: role, approvalLimit: limit.map { Money(minor: $0, currency: base) }, revoked: false)
        }
        return (user, token)
    }

    /// Replaces an active user's token; returns the new token (the old one stops working). A
    /// revoked user is refused: lifting a revocation is `restoreUser`, a separate, audited step.
    public func rotateToken(name: String) throws(LedgerError) -> (User, token: String) {
        try issueToken(name: name, restoring: false)
    }

    /// Lifts a user's revocation and issues a new token (shown once); audited as `restore_user`.
    public func restoreUser(name: String) throws(LedgerError) -> (User, token: String) {
        try issueToken(name: name, restoring: true)
    }

    private func issueToken(name: String, restoring: Bool) throws(LedgerError) -> (User, token: String) {
        let token = Users.newToken()
        let now = clock.now().iso8601
        let user: User = try write { db in
            let base = try Ledger.baseCurrency(db)
            guard let u = try Users.load(db, name: name, base: base) else {
                throw LedgerError(.notFound, "user \(name) does not exist; add it with 'o2c users add \(name) --role ROLE'")
            }
            if u.revoked && !restoring {
                throw LedgerError(.badRequest, "\(name)'s access is revoked; a new token would not lift that: 'o2c users restore \(name)' does, and issues one")
            }
            if !u.revoked && restoring {
                throw LedgerError(.badRequest, "\(name)'s access is not revoked; 'o2c users token \(name)' issues a new token")
            }
            try db.execute(sql: "UPDATE users SET token_hash = ?, revoked = 0, token_rotated_at = ? WHERE name = ?", arguments: [Users.hash(token), now, name])
            _ = try Audit.append(db, at: now, actor: Actor(kind: .system, name: "users"), action: restoring ? "restore_user" : "rotate_token",
                                 args: JSONValue.object(["name": .string(name)]).canonical, result: "{}", idempotencyKey: nil, approvalID: nil)
            return User(name: u.name, role: u.role, approvalLimit: u.approvalLimit, revoked: false)
        }
        return (user, token)
    }

    /// Revokes a user's token: the user can no longer act or sign in until a new token is issued.
    public func revokeUser(name: String) throws(LedgerError) {
        let now = clock.now().iso8601
        try write { db in
            try db.execute(sql: "UPDATE users SET revoked = 1 WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { throw LedgerError(.notFound, "user \(name) does not exist") }
            _ = try Audit.append(db, at: now, actor: Actor(kind: .system, name: "users"), action: "revoke_user",
                                 args: JSONValue.object(["name": .string(name)]).canonical, result: "{}", idempotencyKey: nil, approvalID: nil)
        }
    }

    /// Every user.
    public func users() throws(LedgerError) -> [User] {
        try read { db in
            let base = try Ledger.baseCurrency(db)
            return try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map { Users.user($0, base: base) }
        }
    }

    /// One user by name.
    public func user(_ name: String) throws(LedgerError) -> User? {
        try read { db in try Users.load(db, name: name, base: try Ledger.baseCurrency(db)) }
    }

    /// The role of an active user.
    public func userRole(_ name: String) throws(LedgerError) -> Role? {
        try read { db in try Users.role(db, name: name) }
    }

    /// The active user holding this token, compared by hash in constant time. Known tokens are
    /// answered from the ledger's token cache while no user has changed since (one small read).
    public func authenticate(token: String) throws(LedgerError) -> User? {
        let hash = Users.hash(token)
        let cache = tokenCache
        return try read { db in
            let generation: Int64 = try db.row(.authGeneration).map { $0[0] } ?? -1
            if let cached = cache.user(hash, generation: generation) { return cached }
            let presented = Array(hash.utf8)
            guard let r = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE token_hash = ?"), arguments: [hash]) else {
                return nil
            }
            let stored = Array((r["token_hash"] as String).utf8)
            guard stored.count == presented.count else { return nil }
            var diff: UInt8 = 0
            for k in 0..<stored.count { diff |= stored[k] ^ presented[k] }
            guard diff == 0 else { return nil }
            let u = Users.user(r, base: try Ledger.baseCurrency(db))
            if u.revoked { return nil }
            cache.store(u, for: hash, generation: generation)
            return u
        }
    }
}
