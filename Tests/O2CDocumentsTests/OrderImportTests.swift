import Foundation
import O2CCore
import O2CDocuments
import O2CLedger
import Testing

@Suite("o2c import orders")
struct OrderImportTests {
    let f: DocumentsFixture
    static let header = "order_ref,customer_id,sku,quantity,unit_price,currency,requested_date\n"

    init() throws { f = try DocumentsFixture() }

    @Test func goodOrdersAreImportedAndEveryBadRowIsReportedWithItsLineColumnAndReason() throws {
        let r = try f.orders(Self.header + """
            PO-1,C-001,WID-100,5,,,2026-12-01
            PO-1,C-001,WID-101,2,24.99,USD,2026-12-01
            PO-2,C-001,WID-10,3,,,
            PO-2,C-001,WID-100,1,,,
            PO-3,C-001,WID-100,2.5,,,
            PO-4,C-001,WID-100,1,12.345,,
            PO-5,C-009,WID-100,1,,,
            PO-6,C-001,WID-100,1,,XYZ,
            PO-7,C-001,WID-100,1,,,2026-13-01
            PO-8,C-002,WID-100,1,100000000000000000000.00,,
            PO-9,C-002,"WID-100",3,"18.99",EUR,
            PO-10,C-001,BK-1,-4,,,

            """)
        #expect(r.imported == 2)
        #expect(r.rejectedDocuments == 8)
        let got = Set(r.rejected.map { "\($0.line):\($0.column ?? "-")" })
        #expect(got == ["4:sku", "6:quantity", "7:unit_price", "8:customer_id", "9:currency", "10:requested_date", "11:unit_price", "13:quantity"])
        #expect(r.rejected.first { $0.line == 4 }?.reason.contains("did you mean 'WID-100'") == true)
        #expect(r.rejected.first { $0.line == 11 }?.reason.contains("too large") == true)
        let orders = try f.ledger.orders()
        #expect(Set(orders.compactMap { $0.externalRef }) == ["PO-1", "PO-9"])
        // PO-2 had one good row and one bad: the whole order is rejected.
        #expect(!orders.contains { $0.externalRef == "PO-2" })
        let po1 = try #require(orders.first { $0.externalRef == "PO-1" })
        #expect(po1.lines.count == 2)
    }

    @Test func aFileMissingARequiredColumnIsRefusedWholeNamingTheColumn() throws {
        let before = try f.fingerprint()
        let e = #expect(throws: DocumentError.self) {
            try f.orders("order_ref,customer_id,sku,qty\nPO-1,C-001,WID-100,1\n")
        }
        #expect(e?.code == .badHeader)
        #expect(e?.column == "quantity")
        #expect(e?.message.contains("'qty' looks like a misspelling") == true)
        #expect(try f.fingerprint() == before)
    }

    @Test func importingTheSameFileTwiceCreatesNothingNew() throws {
        let text = Self.header + "A-1,C-001,WID-100,1,,,\nA-2,C-002,WID-101,2,,EUR,\nA-2,C-002,WID-100,1,,EUR,\n"
        let path = try f.file("twice.csv", text)
        let importer = OrderImporter(ledger: f.ledger, actor: .user("sam"))
        #expect(try importer.run(path: path).imported == 2)
        let before = try f.fingerprint()
        let second = try importer.run(path: path)
        #expect(second.imported == 0)
        #expect(second.skipped == 2)
        #expect(try f.fingerprint() == before)
    }

    @Test func changedRowsUnderAnImportedOrderRefAreRejectedNotApplied() throws {
        _ = try f.orders(Self.header + "B-1,C-001,WID-100,1,,,\n")
        let r = try f.orders(Self.header + "B-1,C-001,WID-100,7,,,\n")
        #expect(r.imported == 0)
        #expect(r.rejected.first?.column == "order_ref")
        #expect(r.rejected.first?.reason.contains("imported before with other rows") == true)
        #expect(try f.count("orders") == 1)
    }

    @Test func rowsOfAnOrderThatAreNotTogetherRejectTheWholeOrder() throws {
        let r = try f.orders(Self.header + "C-1,C-001,WID-100,1,,,\nC-2,C-001,WID-100,1,,,\nC-1,C-001,BK-1,1,,,\n")
        #expect(r.imported == 1)
        #expect(r.rejected.map(\.line) == [4])
        #expect(r.rejected.first?.reason.contains("line 2") == true)
        #expect(try f.ledger.orders().compactMap { $0.externalRef } == ["C-2"])
    }

    @Test func rowsOfOneOrderMustAgreeOnCustomerCurrencyAndDate() throws {
        let r = try f.orders(Self.header + "D-1,C-001,WID-100,1,,,\nD-1,C-002,WID-100,1,,,\nD-2,C-001,WID-100,1,,USD,\nD-2,C-001,WID-100,1,,EUR,\n")
        #expect(r.imported == 0)
        #expect(r.rejected.map(\.column) == ["customer_id", "currency"])
    }

    @Test func aBrokenCSVIsRefusedBeforeAnyOrderIsImported() throws {
        let before = try f.fingerprint()
        let e = #expect(throws: DocumentError.self) {
            try f.orders(Self.header + "E-1,C-001,WID-100,1,,,\nE-2,C-001,\"WID-100,1,,,\n")
        }
        #expect(e?.line == 3)
        #expect(try f.fingerprint() == before)
    }

    @Test func aBillionRowFileIsRefusedAtTheRowLimitBeforeAnythingIsWritten() throws {
        let before = try f.fingerprint()
        let source = EndlessSource(head: Self.header, repeating: "F-1,C-001,WID-100,1,,,\n")
        let importer = OrderImporter(ledger: f.ledger, actor: .user("sam"), limits: ImportLimits(rowsMax: 5000))
        let e = #expect(throws: DocumentError.self) {
            _ = try importer.run(file: "endless.csv", open: { () throws(DocumentError) in source })
        }
        #expect(e?.code == .tooManyRows)
        #expect(e?.line == 5002)
        #expect(try f.fingerprint() == before)
    }

    @Test func aOneGigabyteLineIsRefusedWhole() throws {
        let source = EndlessSource(head: Self.header + "G-1,C-001,", repeating: "WWWWWWWWWWWWWWWW")
        let importer = OrderImporter(ledger: f.ledger, actor: .user("sam"))
        let e = #expect(throws: DocumentError.self) {
            _ = try importer.run(file: "long.csv", open: { () throws(DocumentError) in source })
        }
        #expect(e?.code == .malformedCSV)
        #expect(try f.count("orders") == 0)
    }

    @Test func whatTheGateRefusesIsPlacedOnTheRowAndColumn() throws {
        // 1,000,000 units at 9,999.99 is beyond the ledger's per-document maximum.
        let r = try f.orders(Self.header + "H-1,C-001,WID-100,1,,,\nH-1,C-001,WID-101,1000000,9999.99,,\n")
        #expect(r.imported == 0)
        #expect(r.rejectedDocuments == 1)
        #expect(r.rejected.first?.line == 2 || r.rejected.first?.line == 3)
    }

    @Test func aUserWhoseRoleMayNotCreateOrdersGetsEveryOrderDenied() throws {
        let r = try OrderImporter(ledger: f.ledger, actor: .user("arlo")).run(path: try f.file("denied.csv", Self.header + "I-1,C-001,WID-100,1,,,\n"))
        #expect(r.imported == 0)
        #expect(r.rejected.first?.reason.contains("denied") == true)
        #expect(try f.count("orders") == 0)
    }
}
