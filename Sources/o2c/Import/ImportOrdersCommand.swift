import ArgumentParser
import Foundation
import O2CCore
import O2CDocuments
import O2CLedger

/// `o2c import orders FILE.csv`.
struct ImportOrdersCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Import orders from CSV: order_ref,customer_id,sku,quantity[,unit_price,currency,requested_date].",
        discussion: "Rows with the same order_ref (kept together) form one order; an order with any bad row is rejected whole, every other order is imported.")
    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let importer = OrderImporter(ledger: try ledger.openGated(), actor: try actor.actor())
        let report = try ImportOutput.run { () throws(DocumentError) in try importer.run(path: file, progress: ImportOutput.progress) }
        try ImportOutput.print(report, noun: "order", json: output.json)
    }
}
