import ArgumentParser
import Foundation
import O2CCore
import O2CDocuments
import O2CLedger

/// `o2c import payments FILE` (CSV or camt.053).
struct ImportPaymentsCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments", abstract: "Import payments: CSV (payment_ref,date,amount,currency[,payer_name,payer_account,reference]) or camt.053 (001.02, 001.08).",
        discussion: "A camt.053 file that is not well-formed or breaks the official schema is refused whole. Then run 'o2c cashapp run' (the worker does it on payment.received).")
    @Argument(help: "The CSV or camt.053 XML file.") var file: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let importer = PaymentImporter(ledger: try ledger.openGated(), actor: try actor.actor())
        let report = try ImportOutput.run { () throws(DocumentError) in try importer.run(path: file, progress: ImportOutput.progress) }
        try ImportOutput.print(report, noun: "payment", json: output.json)
    }
}
