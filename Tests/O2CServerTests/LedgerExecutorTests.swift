import Foundation
import O2CCore
import O2CLedger
import Testing
@testable import O2CServer

/// The ledger threads: work hops there from Swift's pool, runs in place once there (a route that
/// starts on them authenticates and reads without a hop), and nothing hangs after they stop.
@Suite struct LedgerExecutorTests {
    @Test func workHopsToALedgerThreadAndRunsInPlaceOnceThere() async throws {
        let executor = LedgerExecutor(threads: 2, ledger: nil)
        #expect(!BlockingThreads.isCurrent)
        #expect(try await executor.perform { BlockingThreads.isCurrent })
        let route = Task(executorPreference: executor) { () -> [Bool] in
            let before = BlockingThreads.isCurrent
            let inner = try await executor.perform { BlockingThreads.isCurrent }
            let blocked = await blocking { BlockingThreads.isCurrent }  // no Dispatch hop either
            return [before, inner, blocked]
        }
        #expect(try await route.value == [true, true, true])
        await executor.stop()
    }

    @Test func manyTasksAtOnceAllFinishAndWorkAfterTheStopStillRuns() async throws {
        let executor = LedgerExecutor(threads: 3, ledger: nil)
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 1...2_000 {
                group.addTask(executorPreference: executor) { try await executor.perform { n } }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == 2_000 * 2_001 / 2)
        await executor.stop()
        #expect(try await executor.perform { 42 } == 42)
        #expect(await Task(executorPreference: executor) { 7 }.value == 7)
    }

    @Test func twoStopsAtOnceBothReturnAndTheThreadsReaderIsClosedByThen() async throws {
        let dir = NSTemporaryDirectory() + "o2c-executor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ledger = try Ledger.create(path: dir + "/l.sqlite", companyName: "T", baseCurrency: "USD", policy: MissingGuardrailsPolicy(reason: "test"))
        let executor = LedgerExecutor(threads: 2, ledger: ledger)
        #expect(try await executor.perform { try ledger.baseCurrency().code } == "USD")
        async let first: Void = executor.stop()
        async let second: Void = executor.stop()
        _ = await (first, second)
        #expect(try await executor.perform { BlockingThreads.isCurrent } == false)
    }

    @Test func aFailureOnALedgerThreadReachesTheCaller() async throws {
        struct Boom: Error {}
        let executor = LedgerExecutor(threads: 1, ledger: nil)
        await #expect(throws: Boom.self) { try await executor.perform { () throws -> Int in throw Boom() } }
        await executor.stop()
    }
}
