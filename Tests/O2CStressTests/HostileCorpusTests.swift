import Foundation
import O2CAgents
import O2CStressKit
import Testing

/// The hostile-text corpus as a regression suite: every case through the real entry points with
/// a model that obeys the injection; any write past policy or read outside scope fails.
@Suite("Hostile text corpus")
struct HostileCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func everyCaseOfTheCorpusIsStoppedAsItExpects() async throws {
        let corpus = try HostileCorpus.load(directory: Self.root + "/Tests/Fixtures/hostile")
        #expect(corpus.cases.count >= 40)
        #expect(Set(corpus.cases.map(\.entry)) == Set(HostileEntry.allCases))
        let report = try await HostileCheck(home: O2CHome(Self.root)).run(corpus)
        for failure in report.failures {
            Issue.record("\(failure.hostileCase.id): \(failure.problems.joined(separator: "; "))")
        }
        #expect(report.passed)
        #expect(report.outcomes.count == corpus.cases.count)
    }
}
