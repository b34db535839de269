import Foundation
import Testing

/// The copied offline kit (`Tests/Fixtures/validate.sh`, xmllint against the official XSDs)
/// agrees with the in-process validation about o2c's own test statements and the broken samples.
@Suite("Test statements against the standards kit")
struct StandardsKitTests {
    static let xmllint = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: xmllint != nil, "xmllint (libxml2-utils) is not installed; make deps installs it"))
    func ourStatementsPassAndTheBrokenSamplesFail() async throws {
        let kit = CashAppFixture.fixtures
        let good = try await CLIRunner.run("/bin/bash", [kit + "/validate.sh", "camt", kit + "/camt/o2c/statement-cases.v08.xml", kit + "/camt/o2c/batch.v02.xml",
                                                   kit + "/camt/genkgo-camt053.v8.xml", kit + "/camt/genkgo-camt053.v2.multi.statement.xml"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.components(separatedBy: "RESULT PASS").count == 5)
        let broken = try await CLIRunner.run("/bin/bash", [kit + "/validate.sh", "camt", kit + "/camt/broken/genkgo-camt053.v8.bad-currency.xml"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("RESULT FAIL"))
    }
}
