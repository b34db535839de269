import ArgumentParser
import Foundation
import O2CCore
import O2CDocuments
import O2CLedger

/// `o2c import orders|payments FILE`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import orders (CSV) or payments (CSV or ISO 20022 camt.053) through the gate.",
        discussion: """
            Importing the same file twice creates nothing new (order_ref / payment_ref / the bank's entry reference are idempotency keys).
            Exit codes: 0 all imported, 1 some rows rejected or the file refused, 4 some documents wait for approval.
            """,
        subcommands: [Orders.self, Payments.self])

    struct Orders: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import orders from CSV: order_ref,customer_id,sku,quantity[,unit_price,currency,requested_date].",
            discussion: "Rows with the same order_ref (kept together) form one order; an order with any bad row is rejected whole, every other order is imported.")
        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let importer = OrderImporter(ledger: try ledger.openGated(), actor: try actor.actor())
            let report = try ImportOutput.run { () throws(DocumentError) in try importer.run(path: file, progress: ImportOutput.progress) }
            try ImportOutput.print(report, noun: "order", json: output.json)
        }
    }

    struct Payments: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import payments: CSV (payment_ref,date,amount,currency[,payer_name,payer_account,reference]) or camt.053 (001.02, 001.08).",
            discussion: "A camt.053 file that is not well-formed or breaks the official schema is refused whole. Then run 'o2c cashapp run' (the worker does it on payment.received).")
        @Argument(help: "The CSV or camt.053 XML file.") var file: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let importer = PaymentImporter(ledger: try ledger.openGated(), actor: try actor.actor())
            let report = try ImportOutput.run { () throws(DocumentError) in try importer.run(path: file, progress: ImportOutput.progress) }
            try ImportOutput.print(report, noun: "payment", json: output.json)
        }
    }
}

/// Printing of import reports and the progress line.
enum ImportOutput {
    /// Runs an import; a refused file exits 1 with `FILE:LINE: reason`.
    static func run(_ body: () throws(DocumentError) -> ImportReport) throws -> ImportReport {
        do {
            let report = try body()
            endProgress()
            return report
        } catch {
            endProgress()
            throw CLIExit(code: 1, message: error.description)
        }
    }

    private static let terminal = isatty(2) == 1
    nonisolated(unsafe) private static var shown = false

    /// A progress line on stderr, only when it is a terminal.
    static var progress: ((ImportProgress) -> Void)? {
        guard terminal else { return nil }
        return { show($0) }
    }

    private static func show(_ p: ImportProgress) {
        let text = p.phase == "checking" ? "checking: \(p.rows) rows"
            : "importing: \(p.documents)\(p.documentsTotal.map { " of \($0)" } ?? "") documents"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    private static func endProgress() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func print(_ r: ImportReport, noun: String, json: Bool) throws {
        if json {
            Output.json(r.json)
        } else {
            Swift.print("\(r.file) (\(r.format)): \(r.rows) \(r.format.hasPrefix("camt") ? "entries" : "rows")")
            Swift.print("  imported \(r.imported) \(noun)\(r.imported == 1 ? "" : "s")\(r.created.isEmpty ? "" : " (\(summary(r.created)))"), skipped \(r.skipped) already imported")
            for (kind, n) in r.skippedEntries.sorted(by: { $0.key < $1.key }) { Swift.print("  not recorded: \(n) \(kind.replacingOccurrences(of: "_", with: " ")) entr\(n == 1 ? "y" : "ies")") }
            if !r.pendingApproval.isEmpty { Swift.print("  waiting for approval: \(summary(r.pendingApproval))") }
            if r.rejectedCount > 0 {
                Swift.print("  rejected \(r.rejectedCount) row\(r.rejectedCount == 1 ? "" : "s") (\(r.rejectedDocuments) \(noun)\(r.rejectedDocuments == 1 ? "" : "s") not imported):")
                for row in r.rejected {
                    Swift.print("    line \(row.line)\(row.column.map { ", \($0)" } ?? ""): \(row.reason)")
                }
                if r.rejectedCount > r.rejected.count { Swift.print("    … and \(r.rejectedCount - r.rejected.count) more") }
            }
        }
        if r.rejectedCount > 0 { throw CLIExit(code: 1, message: json ? nil : "\(r.rejectedCount) row\(r.rejectedCount == 1 ? "" : "s") rejected") }
        if !r.pendingApproval.isEmpty { throw CLIExit(code: 4, message: nil) }
    }

    private static func summary(_ ids: [String]) -> String {
        ids.count <= 6 ? ids.joined(separator: ", ") : ids.prefix(3).joined(separator: ", ") + " … " + (ids.last ?? "")
    }
}
