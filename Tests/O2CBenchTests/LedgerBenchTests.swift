import Foundation
import O2CBench
import O2CCore
import O2CLedger
import Testing

/// `o2c bench ledger`'s figures (no timing assertion: only that they are there and consistent).
@Suite struct LedgerBenchTests {
    @Test func aRunReportsItsActionsCommitsAndCPUAgainstRawInserts() throws {
        let dir = NSTemporaryDirectory() + "o2c-ledger-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try LedgerBench.run(orders: 4, concurrency: 2, directory: dir)
        #expect(r.actions == 24)
        #expect(r.commits >= 1 && r.commits <= 24)
        #expect(r.cpuMicrosecondsPerAction > 0)
        #expect(r.sqliteRawCPUMicrosecondsPerInsert > 0)
        #expect(abs(r.cpuRatioToRaw - r.sqliteRawCPUMicrosecondsPerInsert / r.cpuMicrosecondsPerAction) < 1e-9)
        let json = r.json
        for key in ["actions_per_second", "ratio_to_raw", "cpu_us_per_action", "sqlite_raw_cpu_us_per_insert", "cpu_ratio_to_raw"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["actions"] == .int(24))
        // The scratch files are gone unless asked to keep them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
