import Foundation
import GRDB
import O2CCore
import O2CDemo
@testable import O2CEInvoice
@testable import O2CLedger
import Testing

/// UBL 2.1 e-invoices from the demo ledger, checked by the official UBL 2.1 XSD and the EN 16931
/// rules (the same validation `validate.sh` in /work/shared/standards runs).
@Suite("UBL export", .serialized)
struct UBLExportTests {
    static let asOf = BusinessDate(iso: "2026-11-25") ?? BusinessDate(dayNumber: 0)

    /// The demo ledger (seed 42) plus two credit notes issued through the gate: one on a euro
    /// invoice of the tax-inclusive German region, one on a pound invoice.
    static let demo: Result<(path: String, creditNotes: [String]), any Error> = Result {
        let path = NSTemporaryDirectory() + "o2c-ubl-\(UUID().uuidString).sqlite"
        let clock = ManualClock(date: DemoData.historyStart(asOf: asOf))
        let ledger = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
        try ledger.setUp(DemoData.masterData(seed: 42, asOf: asOf))
        _ = try DemoData.populate(ledger, clock: clock, seed: 42, asOf: asOf)
        var notes: [String] = []
        for currency in ["EUR", "GBP"] {
            let open = try ledger.invoices(ListFilter(customerID: nil, status: "open", limit: 500))
            guard let id = open.first(where: { $0.currency == currency })?.id else {
                throw UBLExportError(documentID: currency, message: "the demo has no open \(currency) invoice")
            }
            let outcome = try ledger.submit(ActionRequest(action: .issueCreditNote, args: [
                "invoice_id": .string(id), "amount": .string("10.01"), "reason": .string("Two units arrived damaged"),
            ], actor: DemoData.actor))
            guard case .executed(let r) = outcome else { throw UBLExportError(documentID: id, message: "credit note refused: \(outcome.messages)") }
            notes.append(r.id)
        }
        return (path, notes)
    }

    /// The demo, built off Swift's cooperative threads (it takes seconds).
    static func built() async throws -> (path: String, creditNotes: [String]) { try await blocking { demo }.get() }

    static func ledger() async throws -> Ledger { try Ledger.open(path: try await built().path, policy: DemoData.policy) }

    /// Invoice ids: one per currency and tax region the demo bills in, one with an order discount
    /// in each region.
    static func sampleInvoices() throws -> [String] {
        let queue = try DatabaseQueue(path: try demo.get().path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT MIN(i.id) FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN orders o ON o.id = i.order_id
                GROUP BY i.currency, c.region, o.discount_e2 > 0 ORDER BY 1
                """)
        }
    }

    static func write(_ xml: String, _ name: String) throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-ubl-out-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name + ".xml"
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func invoicesInEveryCurrencyAndRegionWithDiscountsAndCreditNotesPassTheXSDAndEN16931Rules() async throws {
        let ledger = try await Self.ledger()
        let ids = try Self.sampleInvoices() + (try await Self.built().creditNotes)
        var files: [String] = []
        var seen = (currencies: Set<String>(), regions: Set<String>(), discount: false, inclusive: false, creditNote: false, baseTax: false)
        for id in ids {
            let doc = try ledger.tradeDocument(id)
            let xml = try UBLWriter.xml(doc)
            seen.currencies.insert(doc.currency.code)
            seen.regions.insert(doc.buyer.address.countryCode)
            seen.discount = seen.discount || !doc.allowances.isEmpty
            seen.inclusive = seen.inclusive || doc.pricesIncludeTax
            seen.creditNote = seen.creditNote || doc.kind == .creditNote
            seen.baseTax = seen.baseTax || xml.contains("<cbc:TaxCurrencyCode>USD</cbc:TaxCurrencyCode>")
            #expect(xml.contains("<cbc:CustomizationID>\(UBLWriter.customizationID)</cbc:CustomizationID>"))
            #expect(xml.contains("<cbc:ProfileID>\(UBLWriter.profileID)</cbc:ProfileID>"))
            files.append(try Self.write(xml, id))
        }
        #expect(seen.currencies == ["USD", "EUR", "GBP"] && seen.regions == ["US", "DE", "GB"])
        #expect(seen.discount && seen.inclusive && seen.creditNote && seen.baseTax)
        let verdict = try await UBLValidator.validate(files)
        #expect(verdict.status == 0, "validate.sh exit \(verdict.status):\n\(verdict.report)")
        for f in files { #expect(verdict.passed(f), "\(verdict.section(f))") }
    }

    @Test func aTamperedTotalFailsTheRulesAndTheWriterRefusesAmountsThatDoNotAddUp() async throws {
        let ledger = try await Self.ledger()
        let doc = try ledger.tradeDocument(try #require(try Self.sampleInvoices().first))
        let xml = try UBLWriter.xml(doc)
        let payable = Money.format(minor: doc.totalMinor, exponent: doc.currency.exponent)
        let tag = "<cbc:PayableAmount currencyID=\"\(doc.currency.code)\">"
        #expect(xml.contains(tag + payable + "<"))
        let tampered = xml.replacingOccurrences(of: tag + payable, with: tag + Money.format(minor: doc.totalMinor + 1, exponent: doc.currency.exponent))
        let file = try Self.write(tampered, doc.id + "-tampered")
        let verdict = try await UBLValidator.validate([file])
        #expect(verdict.status == 1 && !verdict.passed(file), "\(verdict.report)")
        #expect(verdict.report.contains("BR-CO-16"), "the payable amount rule names the broken sum: \(verdict.report)")

        let broken = TradeDocument(
            kind: doc.kind, id: doc.id, issueDate: doc.issueDate, dueDate: doc.dueDate, currency: doc.currency, baseCurrency: doc.baseCurrency,
            seller: doc.seller, buyer: doc.buyer, orderReference: doc.orderReference, salesOrderID: doc.salesOrderID,
            invoiceReference: doc.invoiceReference, deliveryDate: doc.deliveryDate, paymentTermsDays: doc.paymentTermsDays,
            payeeIBAN: doc.payeeIBAN, payeeBIC: doc.payeeBIC, note: doc.note, pricesIncludeTax: doc.pricesIncludeTax, lines: doc.lines,
            allowances: doc.allowances, taxes: doc.taxes, taxMinor: doc.taxMinor, totalMinor: doc.totalMinor + 1, taxInBaseMinor: doc.taxInBaseMinor)
        #expect(throws: UBLExportError.self) { try UBLWriter.xml(broken) }
    }

    @Test func hostileNamesAndControlCharactersAreEscapedAndTheDocumentStaysValid() async throws {
        let ledger = try await Self.ledger()
        let doc = try ledger.tradeDocument(try #require(try Self.sampleInvoices().last))
        let hostile = "Evil <b>&amp;</b> \"Corp\" 'Ltd' ]]> \u{01}\u{1F}\u{FFFE}\r\nend"
        let b = doc.buyer
        let buyer = TradeParty(name: hostile, address: .init(street: hostile, city: "<script>", postalCode: "&", countryCode: b.address.countryCode),
                               vatID: b.vatID, taxRegistrationID: b.taxRegistrationID, legalID: b.legalID, endpoint: b.endpoint,
                               email: "a&b<c>@example.com")
        let evil = TradeDocument(
            kind: doc.kind, id: doc.id, issueDate: doc.issueDate, dueDate: doc.dueDate, currency: doc.currency, baseCurrency: doc.baseCurrency,
            seller: doc.seller, buyer: buyer, orderReference: "PO \"1\" & <2>", salesOrderID: doc.salesOrderID,
            invoiceReference: doc.invoiceReference, deliveryDate: doc.deliveryDate, paymentTermsDays: doc.paymentTermsDays,
            payeeIBAN: doc.payeeIBAN, payeeBIC: doc.payeeBIC, note: hostile, pricesIncludeTax: doc.pricesIncludeTax, lines: doc.lines,
            allowances: doc.allowances, taxes: doc.taxes, taxMinor: doc.taxMinor, totalMinor: doc.totalMinor, taxInBaseMinor: doc.taxInBaseMinor)
        let xml = try UBLWriter.xml(evil)
        #expect(!xml.contains("<b>") && !xml.contains("<script>") && !xml.contains("\u{01}") && !xml.contains("\u{FFFE}"))
        #expect(xml.contains("Evil &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;Corp&quot; &apos;Ltd&apos; ]]&gt; \u{FFFD}\u{FFFD}\u{FFFD}&#xD;\nend"))
        let file = try Self.write(xml, doc.id + "-hostile")
        let verdict = try await UBLValidator.validate([file])
        #expect(verdict.passed(file), "\(verdict.report)")
        #expect(XMLText.escape("a\"b'c\td\ne", attribute: true) == "a&quot;b&apos;c&#x9;d&#xA;e")
    }

    @Test func anUnknownIDIsNotFoundAndNamesWhereToLook() async throws {
        let ledger = try await Self.ledger()
        for id in ["INV-999999", "CN-999999", "../../etc/passwd", ""] {
            do {
                _ = try ledger.tradeDocument(id)
                Issue.record("\(id) was found")
            } catch {
                #expect(error.code == .notFound && error.message.contains("does not exist"))
            }
        }
    }
}
