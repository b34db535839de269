import Foundation
import O2CCore
import O2CLedger

/// Customers by name, for finding who a payer is from the name the bank reports: names are
/// compared without case, accents, punctuation and legal forms ("ACME CORP." = "Acme Corp" =
/// "Acme Corporation"), then by edit distance over customers that share a word.
public struct PayerNameIndex: Sendable {
    /// How a payer name matched a customer.
    public struct Match: Sendable, Hashable {
        /// The customer.
        public let customerID: String
        /// 1.0 for the same normalised name, less for a near one.
        public let score: Double
    }

    /// Names at least this similar count as a fuzzy match.
    public static let fuzzyScoreMin = 0.85
    /// ... when the next best customer is at least this much less similar.
    public static let fuzzyMarginMin = 0.1

    private var exact: [String: [String]] = [:]
    private var byWord: [String: [Int]] = [:]
    private var normalised: [(id: String, name: String)] = []

    /// An index over `customers`.
    public init(_ customers: [CustomerName]) {
        for c in customers {
            let n = Self.normalise(c.name)
            guard !n.isEmpty else { continue }
            exact[n, default: []].append(c.id)
            let k = normalised.count
            normalised.append((c.id, n))
            for w in Set(n.split(separator: " ")) where w.count >= 3 { byWord[String(w), default: []].append(k) }
        }
    }

    /// Legal forms and filler words left out of names.
    static let legalForms: Set<String> = [
        "INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY", "LTD", "LIMITED", "LLC", "LLP", "LP", "PLC", "GMBH", "AG", "KG", "OHG",
        "SE", "SA", "SAS", "SARL", "SRL", "SPA", "BV", "NV", "AB", "AS", "OY", "APS", "PTY", "LTDA", "KK", "THE", "AND", "UND", "ET",
    ]

    /// Upper case, no accents or punctuation, no legal forms: `"Müller & Co. GmbH"` → `"MULLER"`.
    public static func normalise(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).uppercased()
        let words = folded.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return String(words).split(separator: " ").filter { !legalForms.contains(String($0)) }.joined(separator: " ")
    }

    /// The customer a payer name points to, when exactly one fits clearly; `candidates` lists
    /// every customer with the same normalised name (more than one: nobody is chosen).
    public func match(_ payerName: String) -> (best: Match?, candidates: [Match]) {
        let n = Self.normalise(payerName)
        guard !n.isEmpty else { return (nil, []) }
        if let ids = exact[n] {
            let all = ids.map { Match(customerID: $0, score: 1) }
            return (all.count == 1 ? all[0] : nil, all)
        }
        var scored: [Int: Double] = [:]
        for w in Set(n.split(separator: " ")) where w.count >= 3 {
            for k in byWord[String(w)] ?? [] where scored[k] == nil && scored.count < 200 {
                scored[k] = Self.similarity(n, normalised[k].name)
            }
        }
        let ranked = scored.sorted { $0.value != $1.value ? $0.value > $1.value : normalised[$0.key].id < normalised[$1.key].id }
        guard let top = ranked.first, top.value >= Self.fuzzyScoreMin else { return (nil, []) }
        let second = ranked.count > 1 ? ranked[1].value : 0
        let best = Match(customerID: normalised[top.key].id, score: top.value)
        let close = ranked.prefix { $0.value >= Self.fuzzyScoreMin && top.value - $0.value < Self.fuzzyMarginMin }
            .map { Match(customerID: normalised[$0.key].id, score: $0.value) }
        return (top.value - second >= Self.fuzzyMarginMin ? best : nil, close)
    }

    /// 1 − edit distance / longer length, over the names and over their words sorted.
    static func similarity(_ a: String, _ b: String) -> Double {
        func ratio(_ x: String, _ y: String) -> Double {
            let longer = max(x.count, y.count)
            return longer == 0 ? 1 : 1 - Double(Suggest.distance(x, y)) / Double(longer)
        }
        let sortedA = a.split(separator: " ").sorted().joined(separator: " ")
        let sortedB = b.split(separator: " ").sorted().joined(separator: " ")
        return max(ratio(a, b), ratio(sortedA, sortedB))
    }
}
