import GRDB
import O2CCore

extension MasterData {
    /// The VAT category codes of EN 16931 (UNCL 5305 subset), and those that need an exemption reason.
    static let vatCategoryCodes: Set<String> = ["S", "Z", "E", "AE", "K", "G", "O", "L", "M"]
    static let exemptCategoryCodes: Set<String> = ["E", "AE", "K", "G", "O"]

    /// Checks the e-invoicing fields of `data`; each problem names the record and the field.
    static func checkEInvoiceFields(_ data: MasterData) throws(LedgerError) {
        func country(_ code: String, _ what: String) throws(LedgerError) {
            guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
                throw LedgerError(.badRequest, "\(what).country_code '\(code)' is not an ISO 3166-1 alpha-2 code (two capital letters, like DE)")
            }
        }
        if let p = data.company {
            try country(p.address.countryCode, "company.address")
            guard !p.endpoint.scheme.isEmpty, !p.endpoint.id.isEmpty else {
                throw LedgerError(.badRequest, "company.endpoint needs a scheme (EAS code such as 0060) and an id")
            }
            guard !p.iban.isEmpty else { throw LedgerError(.badRequest, "company.iban is empty; give the account customers pay into") }
        }
        for c in data.customers {
            if let a = c.address { try country(a.countryCode, "customer \(c.id).address") }
            if let e = c.endpoint, e.scheme.isEmpty || e.id.isEmpty {
                throw LedgerError(.badRequest, "customer \(c.id).endpoint needs both a scheme (EAS code) and an id")
            }
        }
        for r in data.taxRegions {
            for (category, v) in r.vatCategories.sorted(by: { $0.key < $1.key }) {
                guard r.ratesBP[category] != nil else {
                    throw LedgerError(.badRequest, "tax region \(r.code): vat_categories names '\(category)', which has no rate")
                }
                guard vatCategoryCodes.contains(v.code) else {
                    throw LedgerError(.badRequest, "tax region \(r.code), category \(category): VAT category '\(v.code)' is not one of \(vatCategoryCodes.sorted().joined(separator: ", "))")
                }
                if exemptCategoryCodes.contains(v.code), (v.exemptionReason ?? "").isEmpty, (v.exemptionCode ?? "").isEmpty {
                    throw LedgerError(.badRequest, "tax region \(r.code), category \(category): VAT category \(v.code) needs an exemption reason or code")
                }
            }
        }
    }

    /// Stores the company profile; refused when one is already set (nothing is overwritten).
    static func setCompany(_ p: CompanyProfile, _ db: Database) throws {
        let existing = try String.fetchOne(db, sql: "SELECT country_code FROM company WHERE id = 1")
        if existing != nil { throw LedgerError(.badRequest, "the company profile (address, endpoint, bank account) is already set; it is not overwritten") }
        try db.execute(sql: """
            UPDATE company SET street = ?, city = ?, postal_code = ?, country_code = ?, legal_id = ?, endpoint_scheme = ?, endpoint_id = ?,
              iban = ?, bic = ? WHERE id = 1
            """, arguments: [p.address.street, p.address.city, p.address.postalCode, p.address.countryCode, p.legalID, p.endpoint.scheme,
                             p.endpoint.id, p.iban, p.bic])
    }
}
