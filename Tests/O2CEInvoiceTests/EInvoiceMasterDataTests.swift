import Foundation
import O2CCore
import O2CDemo
@testable import O2CEInvoice
@testable import O2CLedger
import Testing

/// What e-invoices need from the reference data: checked when it is set up, named when missing.
@Suite("E-invoice master data", .serialized)
struct EInvoiceMasterDataTests {
    static func emptyLedger() throws -> Ledger {
        let path = NSTemporaryDirectory() + "o2c-einv-md-\(UUID().uuidString).sqlite"
        return try Ledger.create(path: path, companyName: "Test Co", baseCurrency: "USD",
                                 clock: ManualClock(date: BusinessDate(iso: "2026-01-05") ?? BusinessDate(dayNumber: 0)), policy: DemoData.policy)
    }

    static let profile = MasterData.CompanyProfile(address: .init(street: "1 Main St", city: "Austin", postalCode: "78701", countryCode: "US"),
                                                   legalID: "123", endpoint: .init(scheme: "0060", id: "123456789"), iban: "DE89370400440532013000", bic: nil)

    static func customer(_ country: String?, endpoint: MasterData.ElectronicAddress? = nil) -> MasterData.Customer {
        .init(id: "C-001", name: "Acme", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 100_000, owner: "sam", email: "ap@acme.example",
              region: "R", address: country.map { .init(street: "2 Side St", city: "Reno", postalCode: "89501", countryCode: $0) }, endpoint: endpoint)
    }

    @Test func badCountryCodesEndpointsAndExemptionsAreRefusedNamingTheFieldAndNothingIsWritten() throws {
        let cases: [(MasterData, String)] = [
            ({ var m = MasterData(); m.customers = [Self.customer("usa")]; return m }(), "customer C-001.address.country_code 'usa'"),
            ({ var m = MasterData(); m.customers = [Self.customer("US", endpoint: .init(scheme: "", id: "x"))]; return m }(), "customer C-001.endpoint"),
            ({ var m = MasterData(); var p = Self.profile; p.iban = ""; m.company = p; return m }(), "company.iban"),
            ({ var m = MasterData(); m.taxRegions = [.init(code: "R", name: "R", pricesIncludeTax: false, ratesBP: ["exempt": 0],
                                                           vatCategories: ["exempt": .init(code: "E")])]; return m }(), "needs an exemption reason"),
            ({ var m = MasterData(); m.taxRegions = [.init(code: "R", name: "R", pricesIncludeTax: false, ratesBP: ["std": 1000],
                                                           vatCategories: ["std": .init(code: "X")])]; return m }(), "VAT category 'X'"),
            ({ var m = MasterData(); m.taxRegions = [.init(code: "R", name: "R", pricesIncludeTax: false, ratesBP: [:],
                                                           vatCategories: ["std": .init(code: "S")])]; return m }(), "has no rate"),
        ]
        for (data, message) in cases {
            let ledger = try Self.emptyLedger()
            do {
                try ledger.setUp(data)
                Issue.record("accepted: \(message)")
            } catch {
                #expect(error.code == .badRequest && error.message.contains(message), "\(error.message)")
            }
            #expect(try ledger.customers().isEmpty)
        }
    }

    @Test func theCompanyProfileIsSetOnceAndNeverOverwritten() throws {
        let ledger = try Self.emptyLedger()
        var m = MasterData()
        m.company = Self.profile
        try ledger.setUp(m)
        #expect(throws: LedgerError.self) { try ledger.setUp(m) }
    }

    @Test func anExemptCategoryCarriesItsReasonAndPassesTheRules() async throws {
        let ledger = try await UBLExportTests.ledger()
        let doc = try ledger.tradeDocument(try #require(try UBLExportTests.sampleInvoices().first))
        let exempt = TradeDocument.TaxCategory(code: "E", rateBP: 0, exemptionReason: "Exempt under Article 132 of Directive 2006/112/EC",
                                               exemptionCode: "VATEX-EU-132")
        let lines = doc.lines.map { TradeDocument.Line(id: $0.id, sku: $0.sku, name: $0.name, note: $0.note, quantity: $0.quantity, netMinor: $0.netMinor, tax: exempt) }
        let allowances = doc.allowances.map { TradeDocument.Allowance(amountMinor: $0.amountMinor, reason: $0.reason, tax: exempt) }
        let net = lines.reduce(0) { $0 + $1.netMinor } - allowances.reduce(0) { $0 + $1.amountMinor }
        let e = TradeDocument(
            kind: doc.kind, id: doc.id, issueDate: doc.issueDate, dueDate: doc.dueDate, currency: doc.currency, baseCurrency: doc.baseCurrency,
            seller: doc.seller, buyer: doc.buyer, orderReference: doc.orderReference, salesOrderID: doc.salesOrderID,
            invoiceReference: doc.invoiceReference, deliveryDate: doc.deliveryDate, paymentTermsDays: doc.paymentTermsDays,
            payeeIBAN: doc.payeeIBAN, payeeBIC: doc.payeeBIC, note: doc.note, pricesIncludeTax: false, lines: lines,
            allowances: allowances, taxes: [.init(tax: exempt, taxableMinor: net, taxMinor: 0)], taxMinor: 0, totalMinor: net,
            taxInBaseMinor: doc.taxInBaseMinor == nil ? nil : 0)
        let xml = try UBLWriter.xml(e)
        #expect(xml.contains("<cbc:TaxExemptionReasonCode>VATEX-EU-132</cbc:TaxExemptionReasonCode>"))
        let file = try UBLExportTests.write(xml, doc.id + "-exempt")
        let verdict = try await UBLValidator.validate([file])
        #expect(verdict.passed(file), "\(verdict.report)")
        // Without its reason the EN 16931 rules refuse it (BR-E-10).
        let noReason = xml.replacingOccurrences(of: "<cbc:TaxExemptionReasonCode>VATEX-EU-132</cbc:TaxExemptionReasonCode>", with: "")
            .replacingOccurrences(of: "<cbc:TaxExemptionReason>\(exempt.exemptionReason ?? "")</cbc:TaxExemptionReason>", with: "")
        let badFile = try UBLExportTests.write(noReason, doc.id + "-exempt-no-reason")
        let bad = try await UBLValidator.validate([badFile])
        #expect(!bad.passed(badFile) && bad.report.contains("BR-E-10"), "\(bad.report)")
    }
}
