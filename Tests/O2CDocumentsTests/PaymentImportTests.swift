import Foundation
import O2CCore
import O2CDocuments
import O2CLedger
import Testing

@Suite("o2c import payments")
struct PaymentImportTests {
    let f: DocumentsFixture
    static let header = "payment_ref,date,amount,currency,payer_name,payer_account,reference\n"

    init() throws { f = try DocumentsFixture() }

    @Test func csvGoodRowsAreRecordedAndBadRowsReported() throws {
        let path = try f.file("pay.csv", Self.header + """
            B-1,2026-11-20,1234.50,USD,Acme Corp,US12 3456,"INV-1001, INV-1002"
            B-2,2026-11-20,"12,50",USD,,,
            B-3,2026-11-20,100000000000000000000.00,USD,,,
            B-4,2026-11-20,10.00,XXX,,,
            B-5,20.11.2026,10.00,USD,,,
            B-1,2026-11-21,5.00,USD,,,
            B-6,2026-11-21,0.00,USD,,,
            B-7,2026-11-21,99.99,EUR,Euro Kunde GmbH,,RF18539007547034

            """)
        let r = try f.payments(path: path)
        #expect(r.imported == 2)
        #expect(Set(r.rejected.map { "\($0.line):\($0.column ?? "-")" }) == ["3:amount", "4:amount", "5:currency", "6:date", "7:payment_ref", "8:amount"])
        #expect(r.rejected.first { $0.line == 4 }?.reason.contains("too large") == true)
        let again = try f.payments(path: path)
        #expect(again.imported == 0)
        #expect(again.skipped == 2)
    }

    @Test func bothCamtSampleVersionsAreRead() throws {
        let v8 = try f.payments(path: DocumentsFixture.camt + "/genkgo-camt053.v8.xml")
        #expect(v8.format == "camt.053.001.08")
        #expect(v8.imported == 1)
        let v2 = try f.payments(path: DocumentsFixture.camt + "/genkgo-camt053.v2.multi.statement.xml")
        #expect(v2.format == "camt.053.001.02")
        #expect(v2.imported == 1)
        #expect(v2.skippedEntries == ["debit": 1])
        let payments = try f.ledger.payments()
        let sample = try #require(payments.first { $0.paymentRef == "AAAASESS-FP-CN_98765/01" })
        #expect(sample.payerName == "NAME NAME")
        #expect(sample.payerAccount == "NL56AGDH9619008421")
        #expect(sample.amount == "8.85")
        let explained = try f.ledger.paymentExplained(sample.id)
        #expect(explained["structured_reference"] == "4654654654654654")
        #expect(explained["end_to_end_id"] == "MUELL/FINP/RA12345")
        // Twice: nothing new.
        let before = try f.fingerprint()
        #expect(try f.payments(path: DocumentsFixture.camt + "/genkgo-camt053.v8.xml").skipped == 1)
        #expect(try f.fingerprint() == before)
    }

    @Test func aBatchEntryBecomesOnePaymentPerTransactionAndAReversalIsSkipped() throws {
        let r = try f.payments(path: DocumentsFixture.camt + "/o2c/batch.v02.xml")
        #expect(r.imported == 2)
        #expect(r.skippedEntries == ["reversal": 1])
        let payments = try f.ledger.payments().sorted { text($0.paymentRef) < text($1.paymentRef) }
        #expect(payments.map { text($0.paymentRef) } == ["BATCH-77/1", "BATCH-77/2"])
        #expect(payments.map { text($0.amount) } == ["10.00", "20.00"])
        #expect(payments.map { text($0.reference) } == ["Rechnung 1001", "Invoice no. 1002 and 1003"])
        #expect(payments.map { text($0.date) } == ["2026-11-20", "2026-11-20"])
    }

    private func text(_ v: String?) -> String { v ?? "" }

    @Test(arguments: ["broken/genkgo-camt053.v2.multi.statement.bad-cdtdbtind.xml", "broken/genkgo-camt053.v8.bad-currency.xml"])
    func brokenStatementsAreRefusedWholeWithTheLine(name: String) throws {
        let before = try f.fingerprint()
        let e = #expect(throws: DocumentError.self) { try f.payments(path: DocumentsFixture.camt + "/" + name) }
        #expect(e?.code == .schemaInvalid)
        #expect(e?.line == (name.contains("cdtdbtind") ? 49 : 68))
        #expect(try f.fingerprint() == before)
    }

    @Test func aTruncatedStatementIsRefusedWhole() throws {
        let full = try String(contentsOfFile: DocumentsFixture.camt + "/o2c/statement-cases.v08.xml", encoding: .utf8)
        let before = try f.fingerprint()
        for cut in [200, full.utf8.count / 2, full.utf8.count - 20] {
            let path = try f.file("cut-\(cut).xml", String(decoding: Array(full.utf8.prefix(cut)), as: UTF8.self))
            let e = #expect(throws: DocumentError.self) { try f.payments(path: path) }
            #expect(e?.code == .notWellFormed)
            #expect(e?.line != nil)
        }
        #expect(try f.fingerprint() == before)
    }

    @Test func anXMLBombIsRefusedBeforeAnyEntityIsExpanded() throws {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [\n<!ENTITY a0 \"ha\">\n"
        for k in 1...30 { bomb += "<!ENTITY a\(k) \"&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);&a\(k - 1);\">\n" }
        bomb += "]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>&a30;</BkToCstmrStmt></Document>\n"
        let before = try f.fingerprint()
        let e = #expect(throws: DocumentError.self) { try f.payments(path: try f.file("bomb.xml", bomb)) }
        #expect(e?.code == .doctypeRefused)
        #expect(try f.fingerprint() == before)
    }

    @Test func anExternalEntityIsNeverRead() throws {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE Document SYSTEM "file:///etc/passwd">
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>
            """
        let e = #expect(throws: DocumentError.self) { try f.payments(path: try f.file("xxe.xml", xxe)) }
        #expect(e?.code == .doctypeRefused)
        #expect(e?.message.contains("root:") == false)
    }

    @Test func aStatementOfAnotherVersionOrMessageIsRefused() throws {
        let v8 = try String(contentsOfFile: DocumentsFixture.camt + "/genkgo-camt053.v8.xml", encoding: .utf8)
        for ns in ["camt.053.001.05", "camt.052.001.08"] {
            let path = try f.file("\(ns).xml", v8.replacingOccurrences(of: "camt.053.001.08", with: ns))
            let e = #expect(throws: DocumentError.self) { try f.payments(path: path) }
            #expect(e?.code == .wrongNamespace)
            #expect(e?.message.contains(ns) == true)
        }
        #expect(try f.count("payments") == 0)
    }

    @Test func anAmountOfTenToTheTwentyBreaksTheSchemaAndOneBeyondTheLedgerIsRefused() throws {
        let v8 = try String(contentsOfFile: DocumentsFixture.camt + "/genkgo-camt053.v8.xml", encoding: .utf8)
        let huge = try f.file("huge.xml", v8.replacingOccurrences(of: "<Amt Ccy=\"EUR\">8.85</Amt>", with: "<Amt Ccy=\"EUR\">100000000000000000000</Amt>"))
        #expect((#expect(throws: DocumentError.self) { try f.payments(path: huge) })?.code == .schemaInvalid)
        // Within the schema (18 digits) but beyond what one payment may be in this ledger.
        let big = try f.file("big.xml", v8.replacingOccurrences(of: "<Amt Ccy=\"EUR\">8.85</Amt>", with: "<Amt Ccy=\"EUR\">9999999999999.99</Amt>"))
        let r = try f.payments(path: big)
        #expect(r.imported == 0)
        #expect(r.rejected.first?.column == "amount")
        // More decimals than the currency has: refused whole before anything is recorded.
        let precise = try f.file("precise.xml", v8.replacingOccurrences(of: "<Amt Ccy=\"EUR\">8.85</Amt>", with: "<Amt Ccy=\"EUR\">8.855</Amt>"))
        #expect((#expect(throws: DocumentError.self) { try f.payments(path: precise) })?.code == .unrecordable)
        #expect(try f.count("payments") == 0)
    }

    @Test func aStatementInACurrencyTheLedgerLacksIsRefusedWhole() throws {
        let v8 = try String(contentsOfFile: DocumentsFixture.camt + "/genkgo-camt053.v8.xml", encoding: .utf8)
        let path = try f.file("sek.xml", v8.replacingOccurrences(of: "<Amt Ccy=\"EUR\">8.85</Amt>", with: "<Amt Ccy=\"SEK\">8.85</Amt>"))
        let e = #expect(throws: DocumentError.self) { try f.payments(path: path) }
        #expect(e?.code == .unrecordable)
        #expect(e?.line == 110)
    }

    @Test func anEmptyFileAndAFolderAreRefused() throws {
        #expect(throws: DocumentError.self) { try f.payments(path: try f.file("empty.csv", "")) }
        #expect(throws: DocumentError.self) { try f.payments(path: f.dir) }
        #expect(throws: DocumentError.self) { try f.payments(path: f.dir + "/missing.xml") }
    }
}

@Suite("ISO 11649 creditor references")
struct CreditorReferenceTests {
    @Test func theStandardsExampleIsValidAndMadeAlike() {
        #expect(CreditorReference.isValid("RF18539007547034"))
        #expect(CreditorReference.payload("rf18 5390 0754 7034") == "539007547034")
        #expect(CreditorReference.make(payload: "539007547034") == "RF18539007547034")
        #expect(CreditorReference.forInvoice("INV-1006") == "RF65INV1006")
    }

    @Test func wrongCheckDigitsAndShapesAreRefused() {
        #expect(!CreditorReference.isValid("RF19539007547034"))
        #expect(!CreditorReference.isValid("RF18"))
        #expect(CreditorReference.payload("RF00INV1001") == nil)
        #expect(CreditorReference.make(payload: String(repeating: "9", count: 22)) == nil)
        #expect(CreditorReference.make(payload: "INV-1") == nil)
    }
}
