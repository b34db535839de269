import Foundation
import O2CAgents
import Testing

/// The profile texts kept from scripts/fuzz.sh (Tests/Fixtures/fuzz/profile/: crash-* findings,
/// corpus-* inputs its runs reached deep with), read as `AgentCatalog.load` reads each file: each
/// gives a profile or problems, never a trap.
@Suite struct FuzzFindingsTests {
    static func inputs(_ target: String) -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/fuzz/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: inputs("profile"))
    func profileTextIsReadOrRefusedWithProblems(_ path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let (profile, problems) = AgentCatalog.read(source: text, file: "agents/fuzz.yaml")
        #expect(profile != nil || !problems.isEmpty, "an unreadable profile says why")
        #expect(problems.allSatisfy { $0.file == "agents/fuzz.yaml" })
    }
}
