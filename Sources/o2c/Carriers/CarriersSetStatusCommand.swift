import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c carriers set-status CODE delayed|ok`.
struct CarriersSetStatusCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "set-status", abstract: "Flag a carrier delayed, or ok again (audited).")
    @Argument(help: "Carrier code (see 'o2c carriers list').") var code: String
    @Argument(help: "delayed or ok.") var status: String
    @Option(name: .customLong("as"), help: "Who changes it (recorded in the audit log; default: $O2C_USER, else system:operator).")
    var actorName: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard ["delayed", "ok"].contains(status) else { throw ValidationError("the status must be 'delayed' or 'ok', not '\(status)'") }
    }

    func run() throws {
        let carrier = try ledger.openForOperator().setCarrierStatus(code: code, delayed: status == "delayed", actor: try OperatorActor.resolve(actorName))
        if output.json { return Output.json(carrier) }
        print("carrier \(code) is \(status)")
    }
}
