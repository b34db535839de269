import Foundation
import O2CCore
import Testing

/// `o2c serve` on a free port as a child process (posix_spawn), on its own copy of the demo
/// ledger, with tokens for the demo users; stopped with SIGTERM and awaited.
final class ServeProcess: Sendable {
    let child: ChildProcess
    let url: String
    let db: String
    let tokens: [String: String]

    private init(child: ChildProcess, url: String, db: String, tokens: [String: String]) {
        self.child = child
        self.url = url
        self.db = db
        self.tokens = tokens
    }

    /// Starts a server on a fresh demo ledger (or `db`).
    static func start(db given: String? = nil, env: [String: String] = CLITests.home) async throws -> ServeProcess {
        var db = given ?? ""
        if given == nil { db = try await CLITests.freshCopy() }
        var tokens: [String: String] = [:]
        for name in ["sam", "rita", "mia", "dana", "carl", "fiona", "fred", "alice", "arlo"] {
            tokens[name] = try #require(try await CLITests.o2c(["users", "token", name, "--json", "--db", db]).json?["token"]?.stringValue)
        }
        let log = db + ".serve.log"
        // No worker: these tests drive the queue by hand, as on a local ledger file (the worker
        // would carry a confirmed order on to invoiced before the discount it waits for).
        let child = try ChildProcess.spawn(CLITests.binary, arguments: ["serve", "--port", "0", "--no-worker", "--db", db], environment: CLITests.environment(env),
                                           standardError: .file(log))
        let first = await blocking { child.readLine() }
        guard let line = first, line.hasPrefix("listening on ") else {
            child.signal(SIGKILL)
            child.wait()
            throw ServeError(description: "o2c serve did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
        return ServeProcess(child: child, url: String(line.dropFirst("listening on ".count)), db: db, tokens: tokens)
    }

    /// Runs `body` with a server, and stops it and waits for its end whatever `body` does.
    static func run(db: String? = nil, _ body: (ServeProcess) async throws -> Void) async throws {
        let server = try await start(db: db)
        do { try await body(server) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func token(_ name: String) -> String { tokens[name] ?? "" }

    /// The environment of a CLI working over this server as `user`.
    func env(as user: String) -> [String: String] { ["O2C_URL": url, "O2C_TOKEN": token(user), "O2C_HOME": CLITests.packageRoot.path] }

    /// SIGTERM (in-flight requests finish), then waits for the exit.
    func stop() async {
        child.signal(SIGTERM)
        let child = self.child
        let status = await blocking { child.wait() }
        #expect(status == 0, "o2c serve ended with \(status)")
    }

    struct ServeError: Error, CustomStringConvertible {
        let description: String
    }
}
