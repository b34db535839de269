import GRDB

/// Migration `0009-einvoice`: what an e-invoice (UBL 2.1, EN 16931, Peppol BIS Billing 3.0) says
/// about the parties and the tax beside the amounts.
/// - `company`: postal address, legal registration id, electronic address (Peppol endpoint with
///   its EAS scheme), the bank account payments go to (IBAN, BIC).
/// - `customers`: postal address, VAT id, legal registration id, electronic address.
/// - `tax_regions`: the company's VAT id (BT-31) or other tax registration (BT-32) in the region.
/// - `tax_rates`: the EN 16931 VAT category code (UNCL 5305: S, Z, E, AE, K, G, O, L, M; NULL =
///   S when the rate is above zero, Z at zero) and the exemption reason text and code (BT-120/121).
/// Every column is optional, so a ledger of an earlier version opens unchanged; the exporter
/// names what is missing.
/// Shipped: never edit it; add a new migration instead.
enum Migration0009EInvoice {
    static let id = "0009-einvoice"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE company ADD COLUMN street TEXT;
            ALTER TABLE company ADD COLUMN city TEXT;
            ALTER TABLE company ADD COLUMN postal_code TEXT;
            ALTER TABLE company ADD COLUMN country_code TEXT CHECK (country_code IS NULL OR length(country_code) = 2);
            ALTER TABLE company ADD COLUMN legal_id TEXT;
            ALTER TABLE company ADD COLUMN endpoint_scheme TEXT;
            ALTER TABLE company ADD COLUMN endpoint_id TEXT;
            ALTER TABLE company ADD COLUMN iban TEXT;
            ALTER TABLE company ADD COLUMN bic TEXT;
            ALTER TABLE customers ADD COLUMN street TEXT;
            ALTER TABLE customers ADD COLUMN city TEXT;
            ALTER TABLE customers ADD COLUMN postal_code TEXT;
            ALTER TABLE customers ADD COLUMN country_code TEXT CHECK (country_code IS NULL OR length(country_code) = 2);
            ALTER TABLE customers ADD COLUMN vat_id TEXT;
            ALTER TABLE customers ADD COLUMN legal_id TEXT;
            ALTER TABLE customers ADD COLUMN endpoint_scheme TEXT;
            ALTER TABLE customers ADD COLUMN endpoint_id TEXT;
            ALTER TABLE tax_regions ADD COLUMN seller_vat_id TEXT;
            ALTER TABLE tax_regions ADD COLUMN seller_tax_id TEXT;
            ALTER TABLE tax_rates ADD COLUMN vat_category TEXT
              CHECK (vat_category IS NULL OR vat_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M'));
            ALTER TABLE tax_rates ADD COLUMN exemption_reason TEXT;
            ALTER TABLE tax_rates ADD COLUMN exemption_code TEXT;
            """)
    }
}
