import Foundation
import O2CCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `o2c` binary (or another program) with posix_spawn (not Foundation's Process), its output going to
/// temporary files. (O2CCore's `ChildProcess` takes this over once it is on main.)
enum CLIRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var json: JSONValue? { try? JSONParser().parse(stdout) }
    }

    static let binary = CashAppFixture.root.appendingPathComponent(".build/debug/o2c").path

    static func o2c(_ args: [String], env: [String: String] = [:]) throws -> Run {
        try run(binary, args, env: env)
    }

    /// Runs `executable` (an absolute path) with `args`.
    static func run(_ executable: String, _ args: [String], env: [String: String] = [:]) throws -> Run {
        let base = NSTemporaryDirectory() + "o2c-cli-\(UUID().uuidString)"
        let outPath = base + ".out", errPath = base + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["O2C_DB"] = nil
        environment["O2C_USER"] = nil
        environment["O2C_HOME"] = CashAppFixture.root.path
        for (k, v) in env { environment[k] = v }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw FixtureFailure(message: "posix_spawn failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Run(status: exit, stdout: out, stderr: err)
    }
}
