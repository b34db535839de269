import ArgumentParser
import O2CCore

/// `o2c actions list`: the catalogue of SPEC §5.
struct ActionsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the catalogue of actions with each one's JSON Schema.")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        if output.json {
            return Output.json(.array(ActionCatalog.all.map { ["action": .string($0.name.rawValue), "summary": .string($0.summary), "schema": $0.jsonSchema] }))
        }
        for spec in ActionCatalog.all {
            print("\(spec.name.rawValue) — \(spec.summary)")
            for f in spec.fields { print("    \(f.name)\(f.required ? "" : "?"): \(f.summary)") }
        }
    }
}
