import Foundation
import O2CCore
import Testing

/// The crash driver itself, small: `o2c-stress crash` through the real binaries, so it cannot rot.
@Suite("o2c-stress crash end to end", .serialized)
struct StressCrashCLITests {
    /// `o2c-stress`, built beside `o2c`.
    static var stress: String { (CLITests.binary as NSString).deletingLastPathComponent + "/o2c-stress" }

    @Test("60 orders with 3 SIGKILLs of the worker: every check passes and the JSON line has the figures")
    func smallCrashRunPasses() async throws {
        let dir = NSTemporaryDirectory() + "o2c-stress-crash-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["crash", "--o2c", CLITests.binary, "--orders", "60", "--kills", "3", "--seed", "7", "--dir", dir,
                    "--home", CLITests.packageRoot.path, "--approval-percent", "10", "--json"]
        let environment = CLITests.environment([:])
        let out = try await blocking {
            Result { try ChildProcess.run(Self.stress, arguments: args, environment: environment, timeoutSeconds: 300) }
        }.get()
        let stdout = String(decoding: out.stdout, as: UTF8.self)
        let last = stdout.split(separator: "\n").last.map(String.init) ?? ""
        let json = try JSONParser().parse(last)
        #expect(out.status == 0, "\(stdout)\n\(String(decoding: out.stderr, as: UTF8.self))")
        #expect(json["check"]?.stringValue == "crash")
        #expect(json["passed"]?.boolValue == true, "\(stdout)")
        #expect(json["figures"]?["kills"]?.intValue == 3)
        #expect(json["figures"]?["accepted_orders"]?.intValue == 60)
        #expect((json["figures"]?["approvals"]?.intValue ?? 0) > 0, "some orders waited for a sales manager")
        #expect((json["figures"]?["payments"]?.intValue ?? 0) > 0)
    }

    @Test("an o2c that is not there is refused before anything runs, with a non-zero exit")
    func missingBinaryIsRefused() async throws {
        let environment = CLITests.environment([:])
        let out = try await blocking {
            Result { try ChildProcess.run(Self.stress, arguments: ["crash", "--o2c", "/nonexistent/o2c", "--orders", "5"], environment: environment, timeoutSeconds: 60) }
        }.get()
        #expect(out.status != 0)
        #expect(String(decoding: out.stderr, as: UTF8.self).contains("is not an executable file"))
    }
}
