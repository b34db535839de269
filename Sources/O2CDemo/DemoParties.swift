import O2CLedger

/// What e-invoices need beside names and amounts, for the demo company and its customers:
/// postal addresses, VAT ids, electronic addresses (Peppol EAS schemes), the company's bank
/// account and tax registrations. Drawn from its own random stream, so the history of the demo
/// (orders, amounts, payments) is the same with or without it.
enum DemoParties {
    /// The demo company's profile: a California company with VAT registrations in Germany and
    /// the United Kingdom and a euro account in Frankfurt (the textbook test IBAN).
    static let company = MasterData.CompanyProfile(
        address: .init(street: "415 Mission Street", city: "San Francisco", postalCode: "94105", countryCode: "US"),
        legalID: "7312894", endpoint: .init(scheme: "0060", id: "080123456"), iban: "DE89370400440532013000", bic: "COBADEFFXXX")

    static let sellerTaxIDs: [String: (vat: String?, other: String?)] = [
        "US-CA": (nil, "102-345678"), "DE": ("DE811234567", nil), "GB": ("GB298765432", nil),
    ]

    static let usCities = [("Fresno", "937"), ("Sacramento", "958"), ("Oakland", "946"), ("San Jose", "951"), ("Los Angeles", "900"),
                           ("San Diego", "921"), ("Bakersfield", "933"), ("Santa Rosa", "954"), ("Stockton", "952"), ("Irvine", "926")]
    static let usStreets = ["Harbor Blvd", "Industrial Way", "Commerce Drive", "Market Street", "Orchard Avenue", "Mission Road"]
    static let deCities = [("München", "80"), ("Hamburg", "20"), ("Köln", "50"), ("Stuttgart", "70"), ("Düsseldorf", "40"),
                           ("Nürnberg", "90"), ("Bremen", "28"), ("Leipzig", "04"), ("Dortmund", "44"), ("Mannheim", "68")]
    static let deStreets = ["Industriestraße", "Hafenweg", "Gewerbering", "Am Werk", "Hauptstraße", "Maschinenweg"]
    static let gbCities = [("Leeds", "LS"), ("Manchester", "M"), ("Bristol", "BS"), ("Birmingham", "B"), ("Glasgow", "G"),
                           ("Sheffield", "S"), ("Newcastle upon Tyne", "NE"), ("Nottingham", "NG"), ("Cardiff", "CF"), ("Leicester", "LE")]
    static let gbStreets = ["Mill Lane", "Station Road", "Canal Street", "Wharf Road", "Park Row", "Albion Street"]

    /// Fills the company profile, the company's tax registrations per region and every
    /// customer's address, VAT id and electronic address.
    static func fill(_ master: inout MasterData, seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "parties")
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.int(0...9))) }) }
        master.company = company
        for k in master.taxRegions.indices {
            let ids = sellerTaxIDs[master.taxRegions[k].code]
            master.taxRegions[k].sellerVATID = ids?.vat
            master.taxRegions[k].sellerTaxID = ids?.other
        }
        for k in master.customers.indices {
            let c = master.customers[k]
            switch c.region {
            case "DE":
                let (city, zip) = rng.pick(deCities)
                let vat = "DE" + String(rng.int(1...9)) + digits(8)
                master.customers[k].address = .init(street: "\(rng.pick(deStreets)) \(rng.int(1...120))", city: city, postalCode: zip + digits(3), countryCode: "DE")
                master.customers[k].vatID = vat
                master.customers[k].legalID = "HRB \(rng.int(10_000...99_999))"
                master.customers[k].endpoint = .init(scheme: "9930", id: vat)
            case "GB":
                let (city, area) = rng.pick(gbCities)
                let vat = "GB" + String(rng.int(1...9)) + digits(8)
                let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
                let inward = "\(rng.int(1...9))\(rng.pick(letters))\(rng.pick(letters))"
                master.customers[k].address = .init(street: "\(rng.int(1...200)) \(rng.pick(gbStreets))", city: city,
                                                    postalCode: "\(area)\(rng.int(1...20)) \(inward)", countryCode: "GB")
                master.customers[k].vatID = vat
                master.customers[k].legalID = digits(8)
                master.customers[k].endpoint = .init(scheme: "9932", id: vat)
            default:
                let (city, zip) = c.id == "C-001" ? ("Fresno", "937") : rng.pick(usCities)
                let street = c.id == "C-001" ? "1 Acme Way" : "\(rng.int(100...9_999)) \(rng.pick(usStreets))"
                master.customers[k].address = .init(street: street, city: city, postalCode: zip + digits(2), countryCode: "US")
                master.customers[k].endpoint = .init(scheme: "0060", id: c.id == "C-001" ? "004567891" : digits(9))
            }
        }
    }
}
