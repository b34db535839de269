import O2CCashApplication
import Testing

@Suite("Finding invoice numbers in what payers write")
struct ReferenceScannerTests {
    func found(_ text: String) -> [String] {
        ReferenceScanner.scan([("reference", text)]).mentions.map { "\($0.invoiceID):\($0.strength)" }
    }

    @Test func exactNormalisedKeywordAndRFReferences() {
        #expect(found("INV-1042") == ["INV-1042:exact"])
        #expect(found("inv 01042, Inv.1043 and INV1044") == ["INV-1042:normalised", "INV-1043:normalised", "INV-1044:normalised"])
        #expect(found("Rechnung Nr. 1042, 1043") == ["INV-1042:keyword", "INV-1043:keyword"])
        #expect(found("RF65 INV1 006") == ["INV-1006:exact"])
        #expect(found("rf65inv1006 thanks") == ["INV-1006:exact"])
    }

    @Test func datesAmountsAndWrongCheckDigitsAreNotReferences() {
        #expect(found("paid 2026-11-25 amount 1.234,50 EUR") == [])
        let scan = ReferenceScanner.scan([("structured reference", "RF00INV1006")])
        #expect(scan.mentions.isEmpty)
        #expect(scan.notes.first?.contains("wrong check digits") == true)
    }

    @Test func bareNumbersAreWeakAndLongerNumbersAreNotCut() {
        #expect(found("order 4711") == ["INV-4711:bare"])
        #expect(found("INV-10421") == ["INV-10421:exact"])
        #expect(found("SINV-1042X") == [])
    }

    @Test func aHugeReferenceIsReadOnlyInPart() {
        let text = String(repeating: "INV-1 ", count: 100_000)
        #expect(found(text).count <= 1)
    }
}

@Suite("Combinations of open invoices")
struct SubsetSearchTests {
    @Test func findsTheOnlyCombinationAndSeesASecondOne() {
        #expect(SubsetSearch.search([4000, 6000, 30000], target: 10000) == .unique([0, 1]))
        #expect(SubsetSearch.search([4000, 6000, 30000], target: 30000) == .unique([2]))
        if case .several = SubsetSearch.search([4000, 4000], target: 4000) {} else { Issue.record("two equal invoices must be ambiguous") }
        if case .several = SubsetSearch.search([10000, 4000, 6000], target: 10000) {} else { Issue.record("100 = 100 = 40 + 60") }
        #expect(SubsetSearch.search([4000, 6000], target: 7000) == .none)
        #expect(SubsetSearch.search([], target: 7000) == .none)
        #expect(SubsetSearch.search([Int64.max, Int64.max], target: 5) == .none)
    }

    @Test func twentyFourInvoicesAreSearchedWhole() {
        let amounts = (0..<24).map { Int64(1) << Int64($0) }
        #expect(SubsetSearch.search(amounts, target: (Int64(1) << 23) + 5) == .unique([0, 2, 23]))
    }
}

@Suite("Payer names")
struct PayerNameIndexTests {
    let index = PayerNameIndex([.init(id: "C-1", name: "Müller & Co. GmbH"), .init(id: "C-2", name: "Globex Industries"), .init(id: "C-3", name: "Acme Corp"),
                                .init(id: "C-4", name: "Acme Corporation")])

    @Test func legalFormsCaseAndAccentsDoNotMatter() {
        #expect(index.match("MUELLER").best == nil)
        #expect(index.match("muller gmbh").best?.customerID == "C-1")
        #expect(index.match("GLOBEX INDUSTIRES").best.map { ($0.customerID, $0.score < 1) }! == ("C-2", true))
    }

    @Test func twoCustomersWithTheSameNameAreNotToldApart() {
        let m = index.match("ACME CORP.")
        #expect(m.best == nil)
        #expect(m.candidates.count == 2)
    }
}
