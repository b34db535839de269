import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c carriers list|set-status`: carriers, their preference and whether they are delayed.
struct CarriersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "carriers", abstract: "Carriers and their status (a delayed preferred carrier is replaced when orders ship).",
                                                    subcommands: [List.self, SetStatus.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List carriers by preference.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let carriers = try ledger.open().carriers()
            if output.json { return Output.json(.array(carriers)) }
            Output.table(["CARRIER", "NAME", "RANK", "STATUS"], carriers.map { c in
                [Output.text(c["carrier"]), Output.text(c["name"]), Output.text(c["preferred_rank"]), c["delayed"]?.boolValue == true ? "delayed" : "ok"]
            })
        }
    }

    struct SetStatus: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-status", abstract: "Flag a carrier delayed, or ok again (audited).")
        @Argument(help: "Carrier code (see 'o2c carriers list').") var code: String
        @Argument(help: "delayed or ok.") var status: String
        @Option(name: .customLong("as"), help: "Who changes it (recorded in the audit log; default: $O2C_USER, else system:operator).")
        var actorName: String?
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard ["delayed", "ok"].contains(status) else { throw ValidationError("the status must be 'delayed' or 'ok', not '\(status)'") }
        }

        func run() throws {
            let carrier = try ledger.open().setCarrierStatus(code: code, delayed: status == "delayed", actor: try OperatorActor.resolve(actorName))
            if output.json { return Output.json(carrier) }
            print("carrier \(code) is \(status)")
        }
    }
}
