import Foundation
import Testing

/// A broken o2c.yaml stops every command with file:line:column and what to do, like the other
/// files people write.
@Suite("o2c.yaml mistakes at the command line")
struct ConfigCLITests {
    @Test func aBrokenO2CYamlNamesItsLineColumnAndWhatToDo() async throws {
        let dir = NSTemporaryDirectory() + "o2c-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "db: books.sqlite\nmodles:\n  default: { model: x }\nrate_limit: fast\n".write(toFile: dir + "/o2c.yaml", atomically: true, encoding: .utf8)
        let run = try await CLITests.o2c(["customers", "list", "--config", dir + "/o2c.yaml"], cwd: dir)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(dir + "/o2c.yaml:2:1: unknown setting 'modles' — did you mean 'models'?"), "\(run.stderr)")
        #expect(run.stderr.contains(dir + "/o2c.yaml:4:13: rate_limit must be a number of requests, 0 or more"), "\(run.stderr)")
    }
}
