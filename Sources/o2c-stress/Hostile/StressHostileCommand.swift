import ArgumentParser
import O2CAgents
import O2CStressKit

/// `o2c-stress hostile`: the hostile-text corpus through the real entry points (see `HostileCheck`).
struct StressHostileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile",
        abstract: "Prompt-injection corpus with a model that obeys it: every write past policy and every read outside scope must be stopped."
    )
    @Option(help: "The corpus folder (*.yaml files of cases).") var corpus = "Tests/Fixtures/hostile"
    @Option(help: "The home folder with agents/, prompts/ and guardrails/ (default: O2C_HOME or the current folder).") var home: String?
    @Flag(help: "End with one JSON line {\"check\":\"hostile\",\"passed\":…,\"figures\":{…}}.") var json = false

    func run() async throws {
        let cases = try HostileCorpus.load(directory: corpus)
        let report = try await HostileCheck(home: O2CHome.resolve(flag: home)).run(cases)
        print(json ? report.json.serialized() : report.summary)
        if !report.passed { throw ExitCode(1) }
    }
}
