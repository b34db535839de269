import Foundation
import O2CAgents
import O2CStressKit
import Testing

/// The model fault soak, small: every fault kind ends its run in the state it must, with a reason.
@Suite("Model fault soak")
struct FaultSoakTests {
    @Test func theFaultPlanIsTheSameForTheSameSeedAndMeetsEveryKind() {
        let home = O2CHome(HostileCorpusTests.root)
        let soak = FaultSoak(runs: 400, faultRate: 0.3, seed: 7, concurrency: 4, clientTimeoutSeconds: 1, home: home)
        #expect(soak.plan() == soak.plan())
        #expect(Set(soak.plan()) == Set(ModelFaultKind.allCases))
        let share = Double(soak.plan().filter { $0 != .none }.count) / 400
        #expect(share > 0.2 && share < 0.4)
        var other = soak
        other.seed = 8
        #expect(other.plan() != soak.plan())
    }

    @Test func everyFaultedRunEndsInATerminalStateWithAReason() async throws {
        let soak = FaultSoak(runs: 24, faultRate: 1, seed: 3, concurrency: 3, clientTimeoutSeconds: 1, home: O2CHome(HostileCorpusTests.root))
        let report = try await soak.run()
        #expect(report.tally.runs == 24)
        #expect(report.unfinished.isEmpty, "\(report.unfinished.map { "\($0.runID) \($0.kind) \($0.state)" })")
        for (kind, states) in report.tally.statesByFault {
            switch kind {
            case .malformedJSON: #expect(states.keys.sorted() == ["failed"], "\(kind)")
            case .endlessToolCalls: #expect(states.keys.sorted() == ["incomplete"], "\(kind)")
            default: #expect(states.keys.sorted() == ["completed"], "\(kind): \(states)")
            }
        }
        #expect(report.tally.byReason["step limit reached"] == report.tally.statesByFault[.endlessToolCalls]?["incomplete"])
        #expect(report.figures["not_terminal_or_no_reason"] == .int(0))
    }
}
