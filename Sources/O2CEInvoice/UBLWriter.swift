import O2CCore
import O2CLedger

/// Writes a `TradeDocument` as a UBL 2.1 Invoice or CreditNote following Peppol BIS Billing 3.0
/// (EN 16931 compliant): parties with addresses, VAT ids, electronic addresses and legal entity;
/// payment means and terms; the order discount as document-level allowances; the VAT breakdown
/// per category and rate (with exemption reasons); the tax in base currency (BT-6/BT-111) when
/// the document currency differs; totals that add up to the minor unit.
public enum UBLWriter {
    /// The Peppol BIS Billing 3.0 specification identifier (BT-24).
    public static let customizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    /// The Peppol billing process (BT-23).
    public static let profileID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

    /// The UBL XML of `doc`. Refused (nothing written) when its sums do not hold to the minor
    /// unit or its currency has more than two decimals (EN 16931 allows two).
    public static func xml(_ doc: TradeDocument) throws(UBLExportError) -> String {
        let problems = doc.arithmeticProblems()
        guard problems.isEmpty else {
            throw UBLExportError(documentID: doc.id, message: "its amounts do not add up, so no e-invoice is written: " + problems.joined(separator: "; "))
        }
        guard doc.currency.exponent <= 2 else {
            throw UBLExportError(documentID: doc.id, message: "\(doc.currency.code) has \(doc.currency.exponent) decimals; EN 16931 amounts have at most two")
        }
        let invoice = doc.kind == .invoice
        let root = invoice ? "Invoice" : "CreditNote"
        var w = XMLWriter()
        w.start(root, [("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"), ("xmlns:cac", cac), ("xmlns:cbc", cbc)])
        w.leaf("cbc:CustomizationID", customizationID)
        w.leaf("cbc:ProfileID", profileID)
        w.leaf("cbc:ID", doc.id)
        w.leaf("cbc:IssueDate", doc.issueDate.iso)
        if invoice {
            w.leaf("cbc:DueDate", ifPresent: doc.dueDate?.iso)
            w.leaf("cbc:InvoiceTypeCode", "380")
        } else {
            w.leaf("cbc:CreditNoteTypeCode", "381")
        }
        w.leaf("cbc:Note", ifPresent: doc.note)
        w.leaf("cbc:DocumentCurrencyCode", doc.currency.code)
        if doc.taxInBaseMinor != nil { w.leaf("cbc:TaxCurrencyCode", doc.baseCurrency.code) }
        if let ref = doc.orderReference {
            w.element("cac:OrderReference") { w in
                w.leaf("cbc:ID", ref)
                if doc.salesOrderID != ref { w.leaf("cbc:SalesOrderID", ifPresent: doc.salesOrderID) }
            }
        }
        if let ref = doc.invoiceReference {
            w.element("cac:BillingReference") { w in
                w.element("cac:InvoiceDocumentReference") { w in
                    w.leaf("cbc:ID", ref.id)
                    w.leaf("cbc:IssueDate", ref.issueDate.iso)
                }
            }
        }
        w.element("cac:AccountingSupplierParty") { w in party(doc.seller, &w) }
        w.element("cac:AccountingCustomerParty") { w in party(doc.buyer, &w) }
        if let delivered = doc.deliveryDate {
            w.element("cac:Delivery") { w in
                w.leaf("cbc:ActualDeliveryDate", delivered.iso)
                w.element("cac:DeliveryLocation") { w in
                    w.element("cac:Address") { w in address(doc.buyer.address, &w) }
                }
            }
        }
        if invoice, let iban = doc.payeeIBAN {
            w.element("cac:PaymentMeans") { w in
                let sepa = doc.currency.code == "EUR"
                w.leaf("cbc:PaymentMeansCode", sepa ? "58" : "30", [("name", sepa ? "SEPA credit transfer" : "Credit transfer")])
                w.leaf("cbc:PaymentID", doc.id)
                w.element("cac:PayeeFinancialAccount") { w in
                    w.leaf("cbc:ID", iban)
                    w.leaf("cbc:Name", doc.seller.name)
                    if let bic = doc.payeeBIC { w.element("cac:FinancialInstitutionBranch") { w in w.leaf("cbc:ID", bic) } }
                }
            }
        }
        if invoice, let days = doc.paymentTermsDays {
            w.element("cac:PaymentTerms") { w in
                w.leaf("cbc:Note", "Net \(days) days" + (doc.dueDate.map { ", due \($0.iso)" } ?? "") + "; please quote \(doc.id) with your payment")
            }
        }
        for a in doc.allowances {
            w.element("cac:AllowanceCharge") { w in
                w.leaf("cbc:ChargeIndicator", "false")
                w.leaf("cbc:AllowanceChargeReasonCode", "95")
                w.leaf("cbc:AllowanceChargeReason", a.reason)
                w.leaf("cbc:Amount", amount(a.amountMinor, doc), [("currencyID", doc.currency.code)])
                taxCategory("cac:TaxCategory", a.tax, exemption: false, &w)
            }
        }
        w.element("cac:TaxTotal") { w in
            w.leaf("cbc:TaxAmount", amount(doc.taxMinor, doc), [("currencyID", doc.currency.code)])
            for t in doc.taxes {
                w.element("cac:TaxSubtotal") { w in
                    w.leaf("cbc:TaxableAmount", amount(t.taxableMinor, doc), [("currencyID", doc.currency.code)])
                    w.leaf("cbc:TaxAmount", amount(t.taxMinor, doc), [("currencyID", doc.currency.code)])
                    taxCategory("cac:TaxCategory", t.tax, exemption: true, &w)
                }
            }
        }
        if let base = doc.taxInBaseMinor {
            w.element("cac:TaxTotal") { w in
                w.leaf("cbc:TaxAmount", Money.format(minor: base, exponent: doc.baseCurrency.exponent), [("currencyID", doc.baseCurrency.code)])
            }
        }
        w.element("cac:LegalMonetaryTotal") { w in
            let cur = [("currencyID", doc.currency.code)]
            w.leaf("cbc:LineExtensionAmount", amount(doc.lineTotalMinor, doc), cur)
            w.leaf("cbc:TaxExclusiveAmount", amount(doc.taxExclusiveMinor, doc), cur)
            w.leaf("cbc:TaxInclusiveAmount", amount(doc.totalMinor, doc), cur)
            if !doc.allowances.isEmpty { w.leaf("cbc:AllowanceTotalAmount", amount(doc.allowanceTotalMinor, doc), cur) }
            w.leaf("cbc:PayableAmount", amount(doc.totalMinor, doc), cur)
        }
        for l in doc.lines {
            w.element(invoice ? "cac:InvoiceLine" : "cac:CreditNoteLine") { w in
                w.leaf("cbc:ID", l.id)
                w.leaf("cbc:Note", ifPresent: l.note)
                w.leaf(invoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity", String(l.quantity), [("unitCode", "H87")])
                w.leaf("cbc:LineExtensionAmount", amount(l.netMinor, doc), [("currencyID", doc.currency.code)])
                w.element("cac:Item") { w in
                    w.leaf("cbc:Name", l.name)
                    w.element("cac:SellersItemIdentification") { w in w.leaf("cbc:ID", l.sku) }
                    taxCategory("cac:ClassifiedTaxCategory", l.tax, exemption: false, &w)
                }
                w.element("cac:Price") { w in
                    // quantity × price = the line amount, exactly: a price per unit when it
                    // divides evenly, else the line amount for the line's quantity.
                    if l.quantity > 0, l.netMinor % l.quantity == 0 {
                        w.leaf("cbc:PriceAmount", amount(l.netMinor / l.quantity, doc), [("currencyID", doc.currency.code)])
                    } else {
                        w.leaf("cbc:PriceAmount", amount(l.netMinor, doc), [("currencyID", doc.currency.code)])
                        w.leaf("cbc:BaseQuantity", String(l.quantity), [("unitCode", "H87")])
                    }
                }
            }
        }
        w.end()
        return w.output
    }

    private static func amount(_ minor: Int64, _ doc: TradeDocument) -> String {
        Money.format(minor: minor, exponent: doc.currency.exponent)
    }

    private static func party(_ p: TradeParty, _ w: inout XMLWriter) {
        w.element("cac:Party") { w in
            w.leaf("cbc:EndpointID", p.endpoint.id, [("schemeID", p.endpoint.scheme)])
            w.element("cac:PartyName") { w in w.leaf("cbc:Name", p.name) }
            w.element("cac:PostalAddress") { w in address(p.address, &w) }
            if let vat = p.vatID {
                w.element("cac:PartyTaxScheme") { w in
                    w.leaf("cbc:CompanyID", vat)
                    w.element("cac:TaxScheme") { w in w.leaf("cbc:ID", "VAT") }
                }
            }
            if let reg = p.taxRegistrationID {
                w.element("cac:PartyTaxScheme") { w in
                    w.leaf("cbc:CompanyID", reg)
                    w.element("cac:TaxScheme") { w in w.leaf("cbc:ID", "TAX") }
                }
            }
            w.element("cac:PartyLegalEntity") { w in
                w.leaf("cbc:RegistrationName", p.name)
                w.leaf("cbc:CompanyID", ifPresent: p.legalID)
            }
            if let email = p.email {
                w.element("cac:Contact") { w in w.leaf("cbc:ElectronicMail", email) }
            }
        }
    }

    private static func address(_ a: MasterData.Address, _ w: inout XMLWriter) {
        w.leaf("cbc:StreetName", ifPresent: a.street)
        w.leaf("cbc:CityName", ifPresent: a.city)
        w.leaf("cbc:PostalZone", ifPresent: a.postalCode)
        w.element("cac:Country") { w in w.leaf("cbc:IdentificationCode", a.countryCode) }
    }

    private static func taxCategory(_ name: String, _ t: TradeDocument.TaxCategory, exemption: Bool, _ w: inout XMLWriter) {
        w.element(name) { w in
            w.leaf("cbc:ID", t.code)
            // Not subject to VAT (O) carries no rate (BR-O-05).
            if t.code != "O" { w.leaf("cbc:Percent", Money.format(minor: t.rateBP, exponent: 2)) }
            if exemption {
                w.leaf("cbc:TaxExemptionReasonCode", ifPresent: t.exemptionCode)
                w.leaf("cbc:TaxExemptionReason", ifPresent: t.exemptionReason)
            }
            w.element("cac:TaxScheme") { w in w.leaf("cbc:ID", "VAT") }
        }
    }
}
