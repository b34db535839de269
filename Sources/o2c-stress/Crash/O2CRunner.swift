import Foundation
import O2CCore

/// Runs `o2c` commands as child processes on one ledger and home folder, the way an operator or
/// a script would, and reads their JSON answers.
struct O2CRunner: Sendable {
    /// The `o2c` executable.
    let binary: String
    /// The ledger file every command works on.
    let db: String
    /// The folder holding guardrails/ and dunning/.
    let home: String
    /// The environment of every child (the outbox folder, no model, no server).
    let environment: [String: String]
    /// The working directory of every child (the run's folder: no o2c.yaml of the caller applies).
    let workdir: String

    /// A failed command: its arguments, exit code and standard error.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// One finished command.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// Standard output parsed as JSON (nil when it is not JSON).
        var json: JSONValue? { try? JSONParser().parse(stdout) }
    }

    init(binary: String, db: String, home: String, outbox: String, workdir: String) {
        self.binary = binary
        self.workdir = workdir
        self.db = db
        self.home = home
        var env = ProcessInfo.processInfo.environment
        for key in ["O2C_URL", "O2C_TOKEN", "O2C_SMTP_URL", "O2C_MODEL", "O2C_MODEL_URL", "O2C_CONFIG", "O2C_USER", "O2C_DB"] { env[key] = nil }
        env["O2C_OUTBOX"] = outbox
        env["O2C_HOME"] = home
        self.environment = env
    }

    /// The arguments every command gets: the ledger and the home folder.
    func arguments(_ args: [String]) -> [String] { args + ["--db", db, "--home", home] }

    /// Runs `o2c ARGS --db DB --home HOME`; a status outside `accept` is a `Failure`.
    @discardableResult
    func run(_ args: [String], accept: Set<Int32> = [0], timeoutSeconds: Double = 600) throws -> Result {
        let out = try ChildProcess.run(binary, arguments: arguments(args), environment: environment, workingDirectory: workdir, timeoutSeconds: timeoutSeconds)
        let result = Result(status: out.status, stdout: String(decoding: out.stdout, as: UTF8.self), stderr: String(decoding: out.stderr, as: UTF8.self))
        guard accept.contains(out.status), !out.timedOut else {
            throw Failure(description: "o2c \(args.joined(separator: " ")) exited \(out.status)\(out.timedOut ? " (timed out)" : ""): "
                + result.stderr.suffix(2000) + result.stdout.suffix(1000))
        }
        return result
    }

    /// Starts `o2c worker` (standard output and error appended to `log`).
    func startWorker(log: String, leaseSeconds: Int) throws -> ChildProcess {
        try ChildProcess.spawn(binary, arguments: arguments(["worker", "--lease-seconds", String(leaseSeconds), "--backoff-seconds", "1"]),
                               environment: environment, workingDirectory: workdir, standardOutput: .file(log), standardError: .file(log + ".err"))
    }
}
