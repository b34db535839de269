import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c carriers list`.
struct CarriersListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List carriers by preference.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let carriers = try ledger.open().carriers()
        if output.json { return Output.json(.array(carriers)) }
        Output.table(["CARRIER", "NAME", "RANK", "STATUS"], carriers.map { c in
            [Output.text(c["carrier"]), Output.text(c["name"]), Output.text(c["preferred_rank"]), c["delayed"]?.boolValue == true ? "delayed" : "ok"]
        })
    }
}
