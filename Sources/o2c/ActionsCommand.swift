import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c actions list|submit`.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions", abstract: "The ledger actions and their JSON Schemas; submit one through the gate.",
        subcommands: [List.self, Submit.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the catalogue of actions with each one's JSON Schema.")
        @OptionGroup var output: OutputOptions

        func run() throws {
            if output.json {
                Output.json(.array(ActionCatalog.all.map { ["action": .string($0.name.rawValue), "summary": .string($0.summary), "schema": $0.jsonSchema] }))
                return
            }
            for spec in ActionCatalog.all {
                print("\(spec.name.rawValue) — \(spec.summary)")
                for f in spec.fields {
                    print("    \(f.name)\(f.required ? "" : "?"): \(f.summary)")
                }
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit one action through the gate.",
            discussion: "FILE holds {\"action\": \"set_credit_limit\", \"args\": {...}}; '-' reads stdin.")
        @Argument(help: "The action document (JSON), or - for stdin.") var file: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @Option(name: .customLong("idempotency-key"), help: "Makes retries safe: the same key and arguments take effect once.")
        var idempotencyKey: String?

        func run() throws {
            let who = try actor.actor()
            let document = try Output.readJSON(file)
            switch ActionRequest.parse(document: document, actor: who, idempotencyKey: idempotencyKey) {
            case .failure(let e):
                for m in e.messages { Output.error("\(file): \(m)") }
                throw CLIExit(code: 1, message: nil)
            case .success(let request):
                try Output.outcome(try ledger.openGated().submit(request), json: output.json)
            }
        }
    }
}
