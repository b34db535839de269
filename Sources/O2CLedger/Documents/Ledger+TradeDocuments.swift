import GRDB
import O2CCore

extension Ledger {
    /// An invoice (`INV-…`) or credit note (`CN-…`) as an e-invoice presents it. Throws
    /// `notFound` for an unknown id, and `badRequest` naming the field when the company or the
    /// customer lacks what an e-invoice needs (address, electronic address, bank account).
    public func tradeDocument(_ id: String) throws(LedgerError) -> TradeDocument {
        try read { db in try TradeDocumentReader(db).document(id) }
    }

    /// Every invoice and credit note issued on or after `since` (all when nil), invoices first,
    /// each in issue order.
    public func tradeDocumentIDs(issuedSince since: BusinessDate?) throws(LedgerError) -> [String] {
        try read { db in
            let from = since?.iso ?? "0000-00-00"
            return try String.fetchAll(db, sql: "SELECT id FROM invoices WHERE issue_date >= ? ORDER BY rowid", arguments: [from])
                + String.fetchAll(db, sql: "SELECT id FROM credit_notes WHERE issue_date >= ? ORDER BY rowid", arguments: [from])
        }
    }

    /// Reads many documents in one read transaction (`--all`): `body` gets each in turn.
    public func forEachTradeDocument(_ ids: [String], _ body: (TradeDocument) throws -> Void) throws {
        try read { db in
            let reader = try TradeDocumentReader(db)
            for id in ids { try body(try reader.document(id)) }
        }
    }
}

/// Builds `TradeDocument`s from the ledger's tables inside one read.
struct TradeDocumentReader {
    let db: Database
    let base: Currency
    let exponents: [String: Int]
    let company: Row

    init(_ db: Database) throws {
        self.db = db
        base = try Ledger.baseCurrency(db)
        var e: [String: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT code, exponent FROM currencies") { e[r[0]] = r[1] }
        exponents = e
        guard let c = try Row.fetchOne(db, sql: "SELECT * FROM company WHERE id = 1") else {
            throw LedgerError(.notInitialized, "the ledger has no company yet; run 'o2c init'")
        }
        company = c
    }

    func document(_ id: String) throws -> TradeDocument {
        if id.hasPrefix("CN-") { return try creditNote(id) }
        return try invoice(id)
    }

    private func currency(_ code: String) -> Currency { Currency(code: code, exponent: exponents[code] ?? 2) }

    private func invoiceRow(_ id: String) throws -> Row {
        guard let r = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT i.*, o.external_ref, o.discount_e2, s.ship_date FROM invoices i JOIN orders o ON o.id = i.order_id
            LEFT JOIN shipments s ON s.order_id = i.order_id WHERE i.id = ?
            """), arguments: [id])
        else { throw LedgerError(.notFound, "invoice \(id) does not exist; 'o2c invoices list' shows the invoices") }
        return r
    }

    func invoice(_ id: String) throws -> TradeDocument {
        let r = try invoiceRow(id)
        let cur = currency(r["currency"])
        let (seller, buyer, region, terms) = try parties(customerID: r["customer_id"])
        let lineRows = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no"), arguments: [id])
        let includeTax: Bool = r["prices_include_tax"]
        // The lines before the order discount, by the ledger's own tax rule; the discount becomes
        // one allowance per VAT category (what the ledger took off, rate by rate).
        let calcLines = lineRows.map { TaxCalculator.Line(quantity: $0["quantity"], unitPriceMinor: $0["unit_price_minor"],
                                                         taxCategory: $0["tax_category"], rateBP: $0["tax_rate_bp"]) }
        let undiscounted: TaxCalculator.Result
        do { undiscounted = try TaxCalculator.compute(calcLines, discountE2: 0, pricesIncludeTax: includeTax) } catch {
            throw LedgerError(.storage, "invoice \(id): its lines do not fit in 64-bit amounts")
        }
        var lines: [TradeDocument.Line] = []
        for (k, l) in lineRows.enumerated() {
            let tax = category(region, l["tax_category"], l["tax_rate_bp"])
            let qty: Int64 = l["quantity"]
            let note = includeTax ? "unit price \(Money(minor: l["unit_price_minor"], currency: cur)) including \(percent(l["tax_rate_bp"]))% tax" : nil
            lines.append(.init(id: String(l["line_no"] as Int64), sku: l["sku"], name: l["description"], note: note, quantity: qty,
                               netMinor: undiscounted.lineNets[k], tax: tax))
        }
        let taxes = try merged(Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_taxes WHERE invoice_id = ? ORDER BY tax_rate_bp DESC, tax_category"), arguments: [id]).map {
            TradeDocument.TaxSubtotal(tax: category(region, $0["tax_category"], $0["tax_rate_bp"]), taxableMinor: $0["taxable_minor"], taxMinor: $0["tax_minor"])
        })
        var allowances: [TradeDocument.Allowance] = []
        let discount: Int64 = r["discount_e2"]
        for t in taxes {
            let gross = lines.filter { $0.tax == t.tax }.reduce(0) { $0 + $1.netMinor }
            if gross != t.taxableMinor {
                allowances.append(.init(amountMinor: gross - t.taxableMinor, reason: "Order discount \(percent(discount))%", tax: t.tax))
            }
        }
        let issue = BusinessDate(iso: r["issue_date"])
        let taxMinor: Int64 = r["tax_minor"]
        return TradeDocument(
            kind: .invoice, id: id, issueDate: issue ?? BusinessDate(dayNumber: 0), dueDate: BusinessDate(iso: r["due_date"]),
            currency: cur, baseCurrency: base, seller: seller, buyer: buyer,
            orderReference: (r["external_ref"] as String?) ?? (r["order_id"] as String), salesOrderID: r["order_id"],
            invoiceReference: nil, deliveryDate: (r["ship_date"] as String?).flatMap(BusinessDate.init(iso:)), paymentTermsDays: terms,
            payeeIBAN: company["iban"], payeeBIC: company["bic"], note: nil, pricesIncludeTax: includeTax,
            lines: lines, allowances: allowances, taxes: taxes, taxMinor: taxMinor, totalMinor: r["total_minor"],
            taxInBaseMinor: cur == base ? nil : r["tax_base_minor"])
    }

    func creditNote(_ id: String) throws -> TradeDocument {
        guard let cn = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM credit_notes WHERE id = ?"), arguments: [id]) else {
            throw LedgerError(.notFound, "credit note \(id) does not exist; 'o2c invoices show INVOICE' lists an invoice's credit notes")
        }
        let inv = try invoiceRow(cn["invoice_id"])
        let cur = currency(inv["currency"])
        let (seller, buyer, region, _) = try parties(customerID: inv["customer_id"])
        let groups = try merged(Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM invoice_taxes WHERE invoice_id = ? ORDER BY tax_rate_bp DESC, tax_category"),
                                             arguments: [cn["invoice_id"] as String]).map {
            TradeDocument.TaxSubtotal(tax: category(region, $0["tax_category"], $0["tax_rate_bp"]), taxableMinor: $0["taxable_minor"], taxMinor: $0["tax_minor"])
        })
        // The credit (tax included) and its tax, as the ledger booked them, spread over the
        // invoice's VAT categories in the invoice's proportions: one line per category.
        let amount: Int64 = cn["amount_minor"], tax: Int64 = cn["tax_minor"]
        let grossParts = Rounding.allocate(amount, weights: groups.map { $0.taxableMinor + $0.taxMinor })
        let taxParts = Rounding.allocate(tax, weights: groups.map(\.taxMinor))
        let invoiceID: String = cn["invoice_id"]
        let reason: String = cn["reason"]
        var lines: [TradeDocument.Line] = []
        var taxes: [TradeDocument.TaxSubtotal] = []
        for (k, g) in groups.enumerated() where grossParts[k] != 0 || taxParts[k] != 0 {
            let net = grossParts[k] - taxParts[k]
            lines.append(.init(id: String(lines.count + 1), sku: "CREDIT", name: "Credit on invoice \(invoiceID)", note: reason, quantity: 1,
                               netMinor: net, tax: g.tax))
            taxes.append(.init(tax: g.tax, taxableMinor: net, taxMinor: taxParts[k]))
        }
        let taxBase = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(l.debit_minor - l.credit_minor), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
            WHERE e.source_type = 'credit_note' AND e.source_id = ? AND l.account = ?
            """), arguments: [id, Account.taxPayable.rawValue]) ?? 0
        return TradeDocument(
            kind: .creditNote, id: id, issueDate: BusinessDate(iso: cn["issue_date"]) ?? BusinessDate(dayNumber: 0), dueDate: nil,
            currency: cur, baseCurrency: base, seller: seller, buyer: buyer,
            orderReference: (inv["external_ref"] as String?) ?? (inv["order_id"] as String), salesOrderID: inv["order_id"],
            invoiceReference: (invoiceID, BusinessDate(iso: inv["issue_date"]) ?? BusinessDate(dayNumber: 0)), deliveryDate: nil,
            paymentTermsDays: nil, payeeIBAN: nil, payeeBIC: nil, note: reason, pricesIncludeTax: inv["prices_include_tax"],
            lines: lines, allowances: [], taxes: taxes, taxMinor: tax, totalMinor: amount, taxInBaseMinor: cur == base ? nil : taxBase)
    }

    /// The seller (the company, with its tax registration in the customer's region) and the
    /// buyer; each missing field is named.
    private func parties(customerID: String) throws -> (TradeParty, TradeParty, String, Int) {
        guard let c = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT c.*, t.seller_vat_id, t.seller_tax_id FROM customers c JOIN tax_regions t ON t.code = c.region WHERE c.id = ?
            """), arguments: [customerID])
        else { throw LedgerError(.notFound, "customer \(customerID) does not exist") }
        func need(_ row: Row, _ column: String, _ what: String) throws -> String {
            guard let v = row[column] as String?, !v.isEmpty else {
                throw LedgerError(.badRequest, "\(what) has no \(column) (an e-invoice needs it); it comes with the reference data (MasterData.\(what == "the company" ? "company" : "customers"))")
            }
            return v
        }
        let companyWhat = "the company"
        let seller = TradeParty(
            name: company["name"],
            address: .init(street: try need(company, "street", companyWhat), city: try need(company, "city", companyWhat),
                           postalCode: try need(company, "postal_code", companyWhat), countryCode: try need(company, "country_code", companyWhat)),
            vatID: c["seller_vat_id"], taxRegistrationID: c["seller_tax_id"], legalID: company["legal_id"],
            endpoint: .init(scheme: try need(company, "endpoint_scheme", companyWhat), id: try need(company, "endpoint_id", companyWhat)),
            email: nil)
        let what = "customer \(customerID)"
        let email: String = c["email"]
        // A customer without a Peppol participant id is reached by e-mail (EAS scheme EM).
        let endpoint = (c["endpoint_scheme"] as String?).flatMap { s in (c["endpoint_id"] as String?).map { MasterData.ElectronicAddress(scheme: s, id: $0) } }
            ?? .init(scheme: "EM", id: email)
        let buyer = TradeParty(
            name: c["name"],
            address: .init(street: (c["street"] as String?) ?? "", city: (c["city"] as String?) ?? "", postalCode: (c["postal_code"] as String?) ?? "",
                           countryCode: try need(c, "country_code", what)),
            vatID: c["vat_id"], taxRegistrationID: nil, legalID: c["legal_id"], endpoint: endpoint, email: email)
        return (seller, buyer, c["region"], Int(c["payment_terms_days"] as Int64))
    }

    /// The EN 16931 category of a ledger tax category in a region.
    private func category(_ region: String, _ category: String, _ rateBP: Int64) -> TradeDocument.TaxCategory {
        let r = try? Row.fetchOne(db.cachedStatement(sql: "SELECT vat_category, exemption_reason, exemption_code FROM tax_rates WHERE region = ? AND category = ?"),
                                  arguments: [region, category])
        let code = (r?["vat_category"] as String?) ?? (rateBP > 0 ? "S" : "Z")
        return .init(code: code, rateBP: rateBP, exemptionReason: r?["exemption_reason"], exemptionCode: r?["exemption_code"])
    }

    /// One breakdown row per VAT category and rate (two ledger categories at the same rate, such
    /// as goods and manuals in a region with one rate, are one EN 16931 category).
    private func merged(_ rows: [TradeDocument.TaxSubtotal]) -> [TradeDocument.TaxSubtotal] {
        var out: [TradeDocument.TaxSubtotal] = []
        for r in rows {
            if let k = out.firstIndex(where: { $0.tax == r.tax }) {
                out[k] = .init(tax: r.tax, taxableMinor: out[k].taxableMinor + r.taxableMinor, taxMinor: out[k].taxMinor + r.taxMinor)
            } else {
                out.append(r)
            }
        }
        return out
    }

    private func percent(_ e2: Int64) -> String { Money.format(minor: e2, exponent: 2) }
}
