import ArgumentParser

/// `o2c runs show RUN_ID`: a run's trace.
struct RunsShowCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a run's trace: every model request and reply, tool call, gate outcome, token count and timing.")
    @Argument(help: "Run id, e.g. RUN-3.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let r = try ledger.open().run(id)
        if output.json { return Output.json(r.json) }
        print("\(r.runID) \(r.agent): \(r.state)\(r.reason.map { " — \($0)" } ?? "")")
        if let who = r.onBehalfOf { print("on behalf of: \(who)") }
        print("input: \(r.input)")
        for s in r.steps ?? [] {
            switch s["kind"]?.stringValue {
            case "model":
                print("  [model] step \(Output.text(s["step"])) \(Output.text(s["ms"])) ms, tokens \(Output.text(s["usage"]?["input_tokens"]))+\(Output.text(s["usage"]?["output_tokens"]))")
            case "tool":
                print("  [tool]  \(Output.text(s["tool"])) \((s["arguments"] ?? .null).serialized()) → \(Output.text(s["outcome"])) (\(Output.text(s["ms"])) ms)")
                print("          \(String((s["result"] ?? .null).serialized().prefix(300)))")
            default:
                print("  [\(Output.text(s["kind"]))] \((s["findings"] ?? s["error"] ?? .null).serialized())")
            }
        }
        print("answer: \(Output.text(r.answer))")
    }
}
