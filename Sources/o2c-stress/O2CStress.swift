import ArgumentParser

/// `o2c-stress`: the proof-under-stress drivers (crash safety, model fault soak, hostile text,
/// HTTP load). Each subcommand runs its workload against a real `o2c` build, checks what must hold
/// and prints its figures; `--json` prints one summary object for `make stress`.
@main
struct O2CStress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "o2c-stress",
        abstract: "Stress drivers for o2c: crashes, model faults, hostile text, HTTP load.",
        subcommands: [StressCrashCommand.self, StressFaultsCommand.self, StressHostileCommand.self]
    )
}
