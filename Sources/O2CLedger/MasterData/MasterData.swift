import O2CCore

/// Reference data: currencies and rates, tax, customers, products, stock, carriers.
/// It enters the ledger through `Ledger.setUp(_:)`, one audited transaction.
public struct MasterData: Sendable {
    /// A currency with its exchange rates to base by date.
    public struct CurrencyRates: Sendable {
        public var code: String
        /// `(valid_from, base units per unit × 10^9)`.
        public var rates: [(BusinessDate, Int64)]
        public init(code: String, rates: [(BusinessDate, Int64)]) { self.code = code; self.rates = rates }
    }

    /// A tax region with its rates by product tax category.
    public struct TaxRegion: Sendable {
        public var code: String
        public var name: String
        public var pricesIncludeTax: Bool
        /// Category → rate in basis points (8.25% = 825).
        public var ratesBP: [String: Int64]
        /// The company's VAT id in this region (EN 16931 BT-31), e.g. `DE811234567`.
        public var sellerVATID: String?
        /// The company's other tax registration in this region (BT-32), e.g. a sales-tax permit.
        public var sellerTaxID: String?
        /// Category → how e-invoices classify it (default: S above zero, Z at zero).
        public var vatCategories: [String: VATCategory]
        public init(code: String, name: String, pricesIncludeTax: Bool, ratesBP: [String: Int64], sellerVATID: String? = nil,
                    sellerTaxID: String? = nil, vatCategories: [String: VATCategory] = [:]) {
            self.code = code; self.name = name; self.pricesIncludeTax = pricesIncludeTax; self.ratesBP = ratesBP
            self.sellerVATID = sellerVATID; self.sellerTaxID = sellerTaxID; self.vatCategories = vatCategories
        }
    }

    /// The EN 16931 VAT category of a tax category (UNCL 5305 code) and, for exempt categories,
    /// the exemption reason (BT-120) and code (BT-121, e.g. `VATEX-EU-132`).
    public struct VATCategory: Sendable {
        /// `S`, `Z`, `E`, `AE`, `K`, `G`, `O`, `L` or `M`.
        public var code: String
        /// Why the category carries no tax (required for E, AE, K, G, O).
        public var exemptionReason: String?
        /// The VATEX code of the exemption.
        public var exemptionCode: String?
        /// A category.
        public init(code: String, exemptionReason: String? = nil, exemptionCode: String? = nil) {
            self.code = code; self.exemptionReason = exemptionReason; self.exemptionCode = exemptionCode
        }
    }

    /// A postal address (`countryCode`: ISO 3166-1 alpha-2).
    public struct Address: Sendable {
        /// Street and number.
        public var street: String
        /// City.
        public var city: String
        /// Postal code.
        public var postalCode: String
        /// ISO 3166-1 alpha-2 country code (`US`, `DE`, `GB`).
        public var countryCode: String
        /// An address.
        public init(street: String, city: String, postalCode: String, countryCode: String) {
            self.street = street; self.city = city; self.postalCode = postalCode; self.countryCode = countryCode
        }
    }

    /// An electronic address for e-invoices: a Peppol participant id with its EAS scheme
    /// (`0060` DUNS, `0088` GLN, `9930` German VAT id, `9932` UK VAT id, `EM` e-mail, ...).
    public struct ElectronicAddress: Sendable {
        /// The EAS scheme code.
        public var scheme: String
        /// The identifier within the scheme.
        public var id: String
        /// An electronic address.
        public init(scheme: String, id: String) { self.scheme = scheme; self.id = id }
    }

    /// What e-invoices say about the company beside its name: address, legal registration,
    /// electronic address and the account customers pay into.
    public struct CompanyProfile: Sendable {
        /// The registered address.
        public var address: Address
        /// The company's legal registration id (BT-30).
        public var legalID: String?
        /// The company's Peppol electronic address (BT-34).
        public var endpoint: ElectronicAddress
        /// The account customers pay into (BT-84).
        public var iban: String
        /// The bank's BIC (BT-86).
        public var bic: String?
        /// A profile.
        public init(address: Address, legalID: String?, endpoint: ElectronicAddress, iban: String, bic: String?) {
            self.address = address; self.legalID = legalID; self.endpoint = endpoint; self.iban = iban; self.bic = bic
        }
    }

    /// A customer.
    public struct Customer: Sendable {
        public var id: String
        public var name: String
        public var currency: String
        public var paymentTermsDays: Int
        /// In base currency minor units.
        public var creditLimitMinor: Int64
        public var owner: String
        public var email: String
        public var region: String
        /// The customer's postal address (the buyer's address on e-invoices).
        public var address: Address?
        /// The customer's VAT id (BT-48), with its country prefix.
        public var vatID: String?
        /// The customer's legal registration id (BT-47).
        public var legalID: String?
        /// The customer's Peppol electronic address (BT-49).
        public var endpoint: ElectronicAddress?
        public init(id: String, name: String, currency: String, paymentTermsDays: Int, creditLimitMinor: Int64, owner: String, email: String, region: String,
                    address: Address? = nil, vatID: String? = nil, legalID: String? = nil, endpoint: ElectronicAddress? = nil) {
            self.id = id; self.name = name; self.currency = currency; self.paymentTermsDays = paymentTermsDays
            self.creditLimitMinor = creditLimitMinor; self.owner = owner; self.email = email; self.region = region
            self.address = address; self.vatID = vatID; self.legalID = legalID; self.endpoint = endpoint
        }
    }

    /// A product with its list prices and alternatives.
    public struct Product: Sendable {
        public var sku: String
        public var name: String
        public var family: String
        public var taxCategory: String
        /// Currency → unit price in minor units.
        public var prices: [String: Int64]
        /// Alternative SKUs, best first.
        public var alternatives: [String]
        public init(sku: String, name: String, family: String, taxCategory: String, prices: [String: Int64], alternatives: [String]) {
            self.sku = sku; self.name = name; self.family = family; self.taxCategory = taxCategory; self.prices = prices; self.alternatives = alternatives
        }
    }

    /// Stock of a SKU in a warehouse.
    public struct Stock: Sendable {
        public var sku: String
        public var warehouse: String
        public var onHand: Int64
        public init(sku: String, warehouse: String, onHand: Int64) { self.sku = sku; self.warehouse = warehouse; self.onHand = onHand }
    }

    /// A carrier.
    public struct Carrier: Sendable {
        public var code: String
        public var name: String
        public var preferredRank: Int
        public var delayed: Bool
        public init(code: String, name: String, preferredRank: Int, delayed: Bool = false) {
            self.code = code; self.name = name; self.preferredRank = preferredRank; self.delayed = delayed
        }
    }

    public var currencies: [CurrencyRates] = []
    public var taxRegions: [TaxRegion] = []
    public var customers: [Customer] = []
    public var products: [Product] = []
    /// `(code, name)`.
    public var warehouses: [(String, String)] = []
    public var stock: [Stock] = []
    public var carriers: [Carrier] = []
    /// The company's address, registration, electronic address and bank account (set once).
    public var company: CompanyProfile?

    /// Empty master data.
    public init() {}
}

extension Ledger {
    /// Loads reference data in one transaction with an audit record. Existing records are
    /// refused (nothing is overwritten); on any problem nothing is written.
    public func setUp(_ data: MasterData, actor: Actor = Actor(kind: .system, name: "setup")) throws(LedgerError) {
        let now = clock.now()
        try MasterData.checkEInvoiceFields(data)
        try write { db in
            let base = try Ledger.baseCurrency(db)
            for c in data.currencies {
                guard let cur = Currency.lookup(c.code) else { throw LedgerError(.badRequest, "currency \(c.code) is not an ISO 4217 code o2c knows") }
                if c.code != base.code {
                    try db.execute(sql: "INSERT OR IGNORE INTO currencies (code, exponent) VALUES (?, ?)", arguments: [cur.code, cur.exponent])
                }
                for (date, rate) in c.rates where c.code != base.code {
                    try db.execute(sql: "INSERT OR REPLACE INTO exchange_rates (currency, valid_from, rate_e9) VALUES (?, ?, ?)", arguments: [c.code, date.iso, rate])
                }
            }
            if let p = data.company { try MasterData.setCompany(p, db) }
            for r in data.taxRegions {
                try db.execute(sql: "INSERT INTO tax_regions (code, name, prices_include_tax, seller_vat_id, seller_tax_id) VALUES (?, ?, ?, ?, ?)",
                               arguments: [r.code, r.name, r.pricesIncludeTax, r.sellerVATID, r.sellerTaxID])
                for (cat, bp) in r.ratesBP.sorted(by: { $0.key < $1.key }) {
                    let v = r.vatCategories[cat]
                    try db.execute(sql: "INSERT INTO tax_rates (region, category, rate_bp, vat_category, exemption_reason, exemption_code) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [r.code, cat, bp, v?.code, v?.exemptionReason, v?.exemptionCode])
                }
            }
            for (code, name) in data.warehouses {
                try db.execute(sql: "INSERT INTO warehouses (code, name) VALUES (?, ?)", arguments: [code, name])
            }
            for c in data.carriers {
                try db.execute(sql: "INSERT INTO carriers (code, name, preferred_rank, delayed) VALUES (?, ?, ?, ?)", arguments: [c.code, c.name, c.preferredRank, c.delayed])
            }
            for p in data.products {
                try db.execute(sql: "INSERT INTO products (sku, name, family, tax_category) VALUES (?, ?, ?, ?)", arguments: [p.sku, p.name, p.family, p.taxCategory])
                for (cur, price) in p.prices.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO prices (sku, currency, unit_price_minor) VALUES (?, ?, ?)", arguments: [p.sku, cur, price])
                }
            }
            for p in data.products {
                for (rank, alt) in p.alternatives.enumerated() {
                    try db.execute(sql: "INSERT INTO product_alternatives (sku, alt_sku, rank) VALUES (?, ?, ?)", arguments: [p.sku, alt, rank + 1])
                }
            }
            for s in data.stock {
                try db.execute(sql: "INSERT INTO stock (sku, warehouse, on_hand) VALUES (?, ?, ?)", arguments: [s.sku, s.warehouse, s.onHand])
            }
            for c in data.customers {
                try db.execute(sql: """
                    INSERT INTO customers (id, name, currency, payment_terms_days, credit_limit_minor, owner, email, region, created_at,
                                           street, city, postal_code, country_code, vat_id, legal_id, endpoint_scheme, endpoint_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [c.id, c.name, c.currency, c.paymentTermsDays, c.creditLimitMinor, c.owner, c.email, c.region, now.iso8601,
                                     c.address?.street, c.address?.city, c.address?.postalCode, c.address?.countryCode, c.vatID, c.legalID,
                                     c.endpoint?.scheme, c.endpoint?.id])
            }
            let summary: JSONValue = [
                "currencies": .int(data.currencies.count), "tax_regions": .int(data.taxRegions.count), "customers": .int(data.customers.count),
                "products": .int(data.products.count), "warehouses": .int(data.warehouses.count), "stock_rows": .int(data.stock.count),
                "carriers": .int(data.carriers.count),
            ]
            _ = try Audit.append(db, at: now.iso8601, actor: actor, action: "set_up_master_data", args: summary.canonical, result: "{}",
                                 idempotencyKey: nil, approvalID: nil)
        }
    }
}
