import Foundation
import O2CCore

/// Runs the built `o2c` binary (or another program) with O2CCore's `ChildProcess`, with
/// `O2C_HOME` set to the repository and no `O2C_DB` or `O2C_USER` from the caller's environment.
enum CLIRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var json: JSONValue? { try? JSONParser().parse(stdout) }
    }

    static let binary = CashAppFixture.root.appendingPathComponent(".build/debug/o2c").path

    static func o2c(_ args: [String], env: [String: String] = [:]) async throws -> Run {
        try await run(binary, args, env: env)
    }

    /// Runs `executable` (an absolute path) with `args` to the end, waiting for it on a thread of
    /// its own (`blocking`), never one of Swift's few cooperative threads, which the in-process
    /// servers of other suites need.
    static func run(_ executable: String, _ args: [String], env: [String: String] = [:]) async throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["O2C_DB"] = nil
        environment["O2C_USER"] = nil
        environment["O2C_HOME"] = CashAppFixture.root.path
        for (k, v) in env { environment[k] = v }
        let finalEnvironment = environment
        let out = try await blocking { Result { try ChildProcess.run(executable, arguments: args, environment: finalEnvironment, timeoutSeconds: 300) } }.get()
        return Run(status: out.status, stdout: String(decoding: out.stdout, as: UTF8.self), stderr: String(decoding: out.stderr, as: UTF8.self))
    }
}
