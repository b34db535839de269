/// Fixed vocabulary the demo generator draws from: families, names, reasons.
enum DemoCatalog {
    struct Family {
        let prefix: String
        let noun: String
        /// Range of USD list prices in cents.
        let priceCents: ClosedRange<Int>
        let taxCategory: String
    }

    static let families: [Family] = [
        Family(prefix: "WID", noun: "Widget", priceCents: 800...6_000, taxCategory: "standard"),
        Family(prefix: "GAD", noun: "Gadget", priceCents: 2_500...18_000, taxCategory: "standard"),
        Family(prefix: "BRK", noun: "Bracket", priceCents: 300...2_500, taxCategory: "standard"),
        Family(prefix: "CBL", noun: "Cable", priceCents: 500...4_000, taxCategory: "standard"),
        Family(prefix: "VLV", noun: "Valve", priceCents: 4_000...40_000, taxCategory: "standard"),
        Family(prefix: "MTR", noun: "Motor", priceCents: 15_000...120_000, taxCategory: "standard"),
        Family(prefix: "SNS", noun: "Sensor", priceCents: 3_000...25_000, taxCategory: "standard"),
        Family(prefix: "FLT", noun: "Filter", priceCents: 1_000...9_000, taxCategory: "standard"),
        Family(prefix: "PMP", noun: "Pump", priceCents: 30_000...250_000, taxCategory: "standard"),
        Family(prefix: "MAN", noun: "Manual", priceCents: 1_500...12_000, taxCategory: "reduced"),
    ]

    /// Ten grades × two series = twenty SKUs per family (numbers 100–119).
    static let grades = ["Standard", "Heavy-Duty", "Compact", "Precision", "Industrial",
                         "Stainless", "Lightweight", "Premium", "Eco", "Pro"]
    static let series = ["", " XL"]

    static let reps = ["sam", "rita", "omar", "lena"]

    static let usPrefixes = ["Globex", "Initech", "Pacific", "Summit", "Redwood", "Sierra", "Bayview", "Coastal", "Mission",
                             "Harbor", "Evergreen", "Cascade", "Lakeside", "Pioneer", "Granite", "Silverline", "Golden State",
                             "Mojave", "Sequoia", "Canyon", "Monterey", "Yosemite", "Shasta", "Tahoe", "Delta", "Orchard",
                             "Sunset", "Foothill", "Alameda", "Catalina", "Ventura", "Mariposa", "Tri-Valley", "Bright Path"]
    static let usSuffixes = ["Manufacturing", "Supply Co.", "Industries", "Systems", "Engineering", "Tools Inc.",
                             "Fabrication", "Robotics", "Equipment LLC", "Controls"]
    static let dePrefixes = ["Müller", "Schmidt", "Becker", "Hoffmann", "Rhein", "Bavaria", "Nordsee", "Elbe", "Schwarzwald",
                             "Alpen", "Weser", "Fischer", "Wagner", "Schulz", "Harz", "Donau", "Lausitz", "Taunus", "Spree", "Eifel"]
    static let deSuffixes = ["Maschinenbau GmbH", "Technik AG", "Anlagenbau GmbH", "Werkzeuge KG", "Industrie GmbH", "Antriebe GmbH"]
    static let gbPrefixes = ["Thames", "Pennine", "Highland", "Cotswold", "Mersey", "Wessex", "Kingsbridge", "Albion",
                             "Sterling", "Harrow", "Tyne", "Severn", "Chiltern", "Mendip", "Solent", "Humber", "Fenland", "Clyde"]
    static let gbSuffixes = ["Engineering Ltd", "Supplies Ltd", "Industries plc", "Components Ltd", "Fabrications Ltd", "Controls Ltd"]

    static let cancelReasons = ["customer changed its requirements", "duplicate order entered by the customer",
                                "customer found the parts locally", "project postponed by the customer"]
    static let discountReasons = ["volume discount agreed by the sales rep", "loyalty discount for a long-standing account",
                                  "promotion of the quarter", "compensation for a late delivery last month"]
    static let disputeReasons = ["customer reports 3 units damaged in transit", "price differs from the agreed quote",
                                 "customer says the goods were not received", "customer claims the order was billed twice",
                                 "wrong items delivered according to the customer"]

    /// ASCII slug of a company name for e-mail domains: `Müller Technik AG` → `muellertechnik`.
    static func slug(_ name: String) -> String {
        var out = ""
        for word in name.split(separator: " ").prefix(2) {
            for ch in word.lowercased() {
                switch ch {
                case "ä": out += "ae"
                case "ö": out += "oe"
                case "ü": out += "ue"
                case "ß": out += "ss"
                default: if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) }
                }
            }
        }
        return out
    }
}
