import Foundation
import O2CCore

/// The scripted model server in a child process (`o2c bench model-server`), started with
/// `posix_spawn`; it ends when its standard input closes or it is killed.
struct ScriptServer {
    let child: ChildProcess
    let baseURL: String

    static func start(latencyMs: Int, demoLedger: String) throws -> ScriptServer {
        let child = try ChildProcess.spawn(BenchCommand.executable, arguments: ["bench", "model-server", "--latency-ms", String(latencyMs), "--demo-ledger", demoLedger])
        guard let url = child.readLine(), url.hasPrefix("http") else {
            child.signal()
            child.wait()
            throw CLIExit(code: 1, message: "the scripted model server did not start")
        }
        return ScriptServer(child: child, baseURL: url)
    }

    /// Ends the server and reaps it.
    func stop() {
        child.signal()
        child.wait()
    }
}
