import ArgumentParser
import Foundation
import O2CCore
import O2CEInvoice
import O2CLedger

/// `o2c invoices export ID|--all [--since DATE] --format ubl [--out FILE|DIR]`.
struct InvoicesExportCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write invoices and credit notes as UBL 2.1 e-invoices (Peppol BIS Billing 3.0, EN 16931).",
        discussion: """
            One document: 'o2c invoices export INV-1001 --format ubl [--out FILE]' (stdout without --out). Every document:
            'o2c invoices export --all [--since 2026-10-01] --out DIR --format ubl' writes DIR/<ID>.xml for each invoice and
            credit note. Nothing is written for a document whose amounts do not add up or whose parties lack what an
            e-invoice needs; the command names it and exits 1. docs/DOCUMENTS.md describes the mapping.
            """)
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "Invoice (INV-…) or credit note (CN-…) id.") var id: String?
    @Option(help: "Format: ubl.") var format = "ubl"
    @Option(help: "File for one document (default: stdout); folder with --all.") var out: String?
    @Flag(help: "Every invoice and credit note (needs --out DIR).") var all = false
    @Option(help: "With --all: only documents issued on or after this date.") var since: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard format == "ubl" else { throw ValidationError("--format must be ubl (the only e-invoice format so far)") }
        if all == (id != nil) { throw ValidationError("give one document id, or --all with --out DIR") }
        if all, out == nil { throw ValidationError("--all writes one file per document: give the folder with --out DIR") }
        if since != nil, !all { throw ValidationError("--since goes with --all") }
        if let since, BusinessDate(iso: since) == nil { throw ValidationError("--since must be a date like 2026-10-01") }
    }

    func run() throws {
        let l = try ledger.open()
        if let id {
            let xml = try Self.xml(try l.tradeDocument(id))
            guard let out else { return print(xml, terminator: "") }
            try Self.write(xml, to: out)
            return print("wrote \(out)")
        }
        guard let dir = out else { return }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw CLIExit(code: 1, message: "cannot create the folder \(dir): \(error.localizedDescription)")
        }
        let ids = try l.tradeDocumentIDs(issuedSince: since.flatMap(BusinessDate.init(iso:)))
        var written = 0
        var refused: [String] = []
        try l.forEachTradeDocument(ids) { doc in
            do {
                try Self.write(try Self.xml(doc), to: dir + "/" + Self.fileName(doc.id))
                written += 1
            } catch let e as CLIExit {
                refused.append(e.message ?? doc.id)
            }
        }
        print("wrote \(written) e-invoice\(written == 1 ? "" : "s") to \(dir)")
        if !refused.isEmpty {
            throw CLIExit(code: 1, message: "\(refused.count) not written:\n" + refused.map { "  " + $0 }.joined(separator: "\n"))
        }
    }

    static func xml(_ doc: TradeDocument) throws -> String {
        do { return try UBLWriter.xml(doc) } catch { throw CLIExit(code: 1, message: "no e-invoice for \(error.description)") }
    }

    /// The id as a file name: letters, digits, `-` and `_` kept, anything else `_`, so no
    /// id can name a path outside the folder.
    static func fileName(_ id: String) -> String {
        String(id.unicodeScalars.map { s -> Character in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "-" || s == "_" ? Character(s) : "_"
        }) + ".xml"
    }

    /// Writes `text` to `path` whole (a temporary file renamed into place).
    static func write(_ text: String, to path: String) throws {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIExit(code: 1, message: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
