import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// The token cache answers known tokens without a user lookup and never outlives a change to users.
@Suite struct TokenCacheTests {
    @Test func aTokenRevokedByAnotherProcessStopsWorkingAtTheNextRequest() throws {
        let f = try Fixture()
        let (_, token) = try f.ledger.addUser(name: "amy", role: .salesRep, approvalLimit: nil)
        let server = try f.reopen(policy: PermissivePolicy())
        #expect(try server.authenticate(token: token)?.name == "amy")
        #expect(try server.authenticate(token: token)?.name == "amy")  // now from the cache
        try f.ledger.revokeUser(name: "amy")  // another connection, as 'o2c users revoke' would
        #expect(try server.authenticate(token: token) == nil)
    }

    @Test func anyWriteToUsersEvenOutsideTheLedgerAPIEndsTheCachedAnswer() throws {
        let f = try Fixture()
        let (_, token) = try f.ledger.addUser(name: "bo", role: .salesRep, approvalLimit: nil)
        #expect(try f.ledger.authenticate(token: token)?.role == .salesRep)
        try f.raw.write { db in try db.execute(sql: "UPDATE users SET role = 'admin' WHERE name = 'bo'") }
        #expect(try f.ledger.authenticate(token: token)?.role == .admin)
        try f.raw.write { db in try db.execute(sql: "UPDATE users SET token_hash = 'x' WHERE name = 'bo'") }
        #expect(try f.ledger.authenticate(token: token) == nil)
    }

    @Test func aFullCacheStartsOverAndStillAnswersRight() throws {
        let cache = TokenCache(capacity: 2)
        let u = { (n: String) in User(name: n, role: .salesRep, approvalLimit: nil, revoked: false) }
        #expect(cache.user("h1", generation: 7) == nil)
        cache.store(u("a"), for: "h1", generation: 7)
        cache.store(u("b"), for: "h2", generation: 7)
        cache.store(u("c"), for: "h3", generation: 7)
        #expect(cache.user("h3", generation: 7)?.name == "c")
        #expect(cache.user("h1", generation: 7) == nil)
        // An entry read at an older generation is not kept.
        #expect(cache.user("h3", generation: 8) == nil)
        cache.store(u("c"), for: "h3", generation: 7)
        #expect(cache.user("h3", generation: 8) == nil)
    }
}
