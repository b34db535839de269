import ArgumentParser
import Foundation
import O2CLLM
import O2CScriptedModel

/// `o2c bench model-server`: serves the bench script (OpenAI format) until its standard input
/// closes; prints its base URL first (after creating the demo ledger, when asked to).
struct BenchModelServerCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "model-server", abstract: "Serve the scripted 3-turn model on 127.0.0.1 (for benchmarks).")
    @Option(name: .customLong("latency-ms"), help: "Delay of every reply.") var latencyMs = 0
    @Option(name: .customLong("demo-ledger"), help: "First create the demo ledger at this path.") var demoLedger: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if let demoLedger { try DemoLedger.create(path: demoLedger) }
        let turns = BenchAgentsCommand.script.map { t in ScriptedTurn(reply: t.reply, faults: [], usage: t.usage, latencyMs: latencyMs) }
        let server = ScriptedModelServer(script: turns, turnSelection: .byConversation, recordRequests: false)
        try server.start()
        FileHandle.standardOutput.write(Data((server.openAIBaseURL + "\n").utf8))
        var byte: UInt8 = 0
        while read(0, &byte, 1) > 0 {}
        server.stop()
    }
}
