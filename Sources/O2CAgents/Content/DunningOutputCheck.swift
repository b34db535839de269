import O2CCore

/// Checks a dunning email before it goes out: every invoice number and amount it quotes must
/// match the ledger, and it must respect the phrases its level forbids or requires
/// (`guardrails/content/dunning.yaml`). The model writes; this decides whether it may be sent.
public struct DunningOutputCheck: Sendable, Equatable {
    /// The dunning levels o2c sends: 1 (friendly reminder), 2 (firm reminder), 3 (final notice).
    public static let levels = 1...3
    /// The phrase rules, in file order.
    public let rules: [DunningRule]
    /// Whether every invoice of the notice must be mentioned by number.
    public let mentionEveryInvoice: Bool
    private let compiled: [[ContentRegex]]

    /// A check with already compiled rules (the loader builds it).
    init(rules: [DunningRule], compiled: [[ContentRegex]], mentionEveryInvoice: Bool) {
        self.rules = rules
        self.compiled = compiled
        self.mentionEveryInvoice = mentionEveryInvoice
    }

    /// Equal when the rules are (the compiled forms follow from them).
    public static func == (lhs: DunningOutputCheck, rhs: DunningOutputCheck) -> Bool {
        lhs.rules == rhs.rules && lhs.mentionEveryInvoice == rhs.mentionEveryInvoice
    }

    /// Every problem with a dunning email of `level` about `invoices`; empty when it may be sent.
    public func check(subject: String, body: String, level: Int, invoices: [DunningInvoice]) -> [ContentViolation] {
        var violations: [ContentViolation] = []
        guard DunningOutputCheck.levels.contains(level) else {
            return [ContentViolation(kind: .invalidInput, message: "dunning level \(level) does not exist; levels are 1, 2 and 3")]
        }
        if !DunningOutputCheck.builtInPatternsCompiled {
            return [ContentViolation(kind: .invalidInput, message: "the dunning check's built-in patterns did not compile; the email cannot be checked")]
        }
        let text = ContentText.normalized(subject + "\n" + body)
        let expected = expectedAmounts(invoices, violations: &violations)
        checkInvoiceNumbers(text, invoices: invoices, into: &violations)
        checkAmounts(text, expected: expected, into: &violations)
        checkPhrases(text, level: level, into: &violations)
        return violations
    }

    /// The same check with invoices given as tuples.
    public func check(
        subject: String, body: String, level: Int, invoices: [(id: String, openAmount: String, currency: String)]
    ) -> [ContentViolation] {
        check(subject: subject, body: body, level: level,
              invoices: invoices.map { DunningInvoice(id: $0.id, openAmount: $0.openAmount, currency: $0.currency) })
    }

    // MARK: invoice numbers

    private static let invoiceNumber = try? ContentRegex("\\bINV-\\d+\\b")

    private func checkInvoiceNumbers(_ text: String, invoices: [DunningInvoice], into violations: inout [ContentViolation]) {
        let known = invoices.map { $0.id.uppercased() }
        var mentioned: [String] = []
        for range in DunningOutputCheck.invoiceNumber?.matches(in: text) ?? [] {
            let id = text[range].uppercased()
            if mentioned.contains(id) { continue }
            mentioned.append(id)
            if !known.contains(id) {
                violations.append(ContentViolation(
                    kind: .unknownInvoice, excerpt: ContentText.excerpt(text, around: range),
                    message: "\(id) is not one of the invoices of this notice (\(DunningOutputCheck.list(known)))"))
            }
        }
        guard mentionEveryInvoice else { return }
        let upper = text.uppercased()
        for id in known where !mentioned.contains(id) {
            if id.hasPrefix("INV-") || !upper.contains(id) {
                violations.append(ContentViolation(
                    kind: .missingInvoice, message: "\(id) is one of the invoices of this notice but the email does not mention it"))
            }
        }
    }

    // MARK: amounts

    /// An amount the email may quote: in hundredths of the currency's major unit scaled to compare exactly.
    struct Expected {
        /// Open amounts and the total, as minor units of the currency.
        var amounts: [Int64] = []
        var exponent = 2
        var display: [String] = []
    }

    private func expectedAmounts(_ invoices: [DunningInvoice], violations: inout [ContentViolation]) -> [(code: String, Expected)] {
        var table: [(code: String, Expected)] = []
        for invoice in invoices {
            let code = invoice.currency.uppercased()
            let exponent = Currency.lookup(code)?.exponent ?? 2
            let minor: Int64
            do {
                minor = try Money.parseMinor(invoice.openAmount, exponent: exponent)
            } catch {
                violations.append(ContentViolation(
                    kind: .invalidInput, message: "the open amount '\(invoice.openAmount)' of \(invoice.id) is not a \(code) amount: \(error)"))
                continue
            }
            let k = table.firstIndex { $0.code == code } ?? {
                table.append((code, Expected(exponent: exponent)))
                return table.count - 1
            }()
            table[k].1.amounts.append(minor)
        }
        for k in table.indices {
            let e = table[k].1
            let total = e.amounts.reduce(Int64(0)) { $0.addingReportingOverflow($1).partialValue }
            var display = e.amounts.map { Money.format(minor: $0, exponent: e.exponent, grouping: true) }
            if e.amounts.count > 1 {
                table[k].1.amounts.append(total)
                display = display.prefix(6).map { $0 } + (display.count > 6 ? ["…"] : [])
                display.append("total " + Money.format(minor: total, exponent: e.exponent, grouping: true))
            }
            table[k].1.display = display
        }
        return table
    }

    /// Amounts with two decimals: `1,234.50`, `1234.50`, `EUR 1,234.50`, `€1,234.50`, `1,234.50 EUR`.
    private static let amount = try? ContentRegex(
        "(?<![\\w.,])(?:([A-Z]{3})\\s?|([$€£])\\s?)?(\\d{1,3}(?:,\\d{3})+|\\d+)\\.(\\d{2})(?![\\d%]|[.,]\\d|\\s%)(?:\\s?([A-Z]{3})\\b)?",
        caseInsensitive: false)
    /// Amounts the check cannot read: decimal commas (`1.234,50`, `12,50`), or a currency without cents (`EUR 1,250`).
    private static let unreadable = [
        try? ContentRegex("(?<![\\w.,])\\d{1,3}(?:\\.\\d{3})+,\\d{2}(?![\\d]|[.,]\\d)", caseInsensitive: false),
        try? ContentRegex("(?<![\\w.,])\\d+,\\d{2}(?![\\d]|[.,]\\d)", caseInsensitive: false),
        try? ContentRegex("(?:\\b([A-Z]{3})\\s?|[$€£]\\s?)\\d{1,3}(?:,\\d{3})*(?![\\d.,])", caseInsensitive: false),
    ]
    private static let builtInPatternsCompiled = invoiceNumber != nil && amount != nil && unreadable.compactMap { $0 }.count == unreadable.count
    private static let dollarCurrencies = ["USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"]

    private func checkAmounts(_ text: String, expected: [(code: String, Expected)], into violations: inout [ContentViolation]) {
        var reported: Set<String> = []
        var claimed: [Range<String.Index>] = []
        for groups in DunningOutputCheck.amount?.captures(in: text) ?? [] {
            guard let whole = groups[0], let intRange = groups[3], let fracRange = groups[4] else { continue }
            claimed.append(whole)
            let integer = text[intRange].filter { $0 != "," }
            let fraction = String(text[fracRange])
            let shown = text[intRange] + "." + fraction
            var codes: [String]? = nil
            if let r = groups[1], Currency.lookup(String(text[r])) != nil {
                codes = [String(text[r])]
            } else if let r = groups[5], Currency.lookup(String(text[r])) != nil {
                codes = [String(text[r])]
            } else if let r = groups[2] {
                switch text[r] {
                case "€": codes = ["EUR"]
                case "£": codes = ["GBP"]
                default: codes = DunningOutputCheck.dollarCurrencies
                }
            }
            let key = shown + " " + (codes?.joined(separator: "/") ?? "")
            if reported.contains(key) { continue }
            guard let hundredths = Int64(integer + fraction) else {
                reported.insert(key)
                violations.append(ContentViolation(kind: .wrongAmount, excerpt: ContentText.excerpt(text, around: whole),
                                                   message: "the email quotes \(shown), which is too large to be an amount of this notice"))
                continue
            }
            let candidates = expected.filter { codes?.contains($0.code) ?? true }
            if candidates.isEmpty, let codes {
                reported.insert(key)
                let have = expected.map(\.code).joined(separator: ", ")
                violations.append(ContentViolation(
                    kind: .wrongCurrency, excerpt: ContentText.excerpt(text, around: whole),
                    message: "the email quotes \(shown) in \(codes.count == 1 ? codes[0] : "dollars"), but the invoices of this notice are in \(have.isEmpty ? "no currency" : have)"))
                continue
            }
            let matches = candidates.contains { entry in
                entry.1.amounts.contains { DunningOutputCheck.same(hundredths: hundredths, minor: $0, exponent: entry.1.exponent) }
            }
            if !matches {
                reported.insert(key)
                let listed = (candidates.isEmpty ? expected : candidates).map { "\($0.1.display.joined(separator: ", ")) \($0.code)" }
                violations.append(ContentViolation(
                    kind: .wrongAmount, excerpt: ContentText.excerpt(text, around: whole),
                    message: "the email quotes \(shown) but no listed invoice has that amount"
                        + (listed.isEmpty ? "" : " (open amounts: \(listed.joined(separator: "; ")))")))
            }
        }
        for regex in DunningOutputCheck.unreadable {
            for groups in regex?.captures(in: text) ?? [] {
                guard let range = groups[0], !claimed.contains(where: { $0.overlaps(range) }) else { continue }
                // "REF 12" is no amount: a code before the number must be a currency.
                if groups.count > 1, let code = groups[1], Currency.lookup(String(text[code])) == nil { continue }
                let shown = String(text[range])
                if reported.contains(shown) { continue }
                reported.insert(shown)
                claimed.append(range)
                violations.append(ContentViolation(
                    kind: .unreadableAmount, excerpt: ContentText.excerpt(text, around: range),
                    message: "the email writes an amount as '\(shown)', which cannot be checked; write amounts with a decimal point and two decimals, like 1,234.50"))
            }
        }
    }

    /// Whether `hundredths` (an amount with two decimals) equals `minor` units of a currency with `exponent` decimals.
    static func same(hundredths: Int64, minor: Int64, exponent: Int) -> Bool {
        var lhs = Int128(hundredths)
        var rhs = Int128(minor)
        if exponent > 2 {
            for _ in 0..<(exponent - 2) { lhs *= 10 }
        } else {
            for _ in 0..<(2 - exponent) { rhs *= 10 }
        }
        return lhs == rhs
    }

    // MARK: phrases

    private func checkPhrases(_ text: String, level: Int, into violations: inout [ContentViolation]) {
        for (k, rule) in rules.enumerated() where rule.levels.contains(level) {
            let regexes = compiled[k]
            let sources = rule.phrases.map { "'\($0)'" } + rule.patterns.map { "/\($0)/" }
            switch rule.kind {
            case .forbidden:
                for (j, regex) in regexes.enumerated() {
                    guard let range = regex.firstMatch(in: text) else { continue }
                    let said = String(text[range])
                    violations.append(ContentViolation(
                        kind: .forbiddenPhrase, rule: rule.name, excerpt: ContentText.excerpt(text, around: range),
                        message: "a level \(level) notice must not say '\(said)'\(j < rule.phrases.count ? "" : " (pattern \(sources[j]))") (rule \(rule.name)): \(rule.message)"))
                }
            case .required:
                if !regexes.contains(where: { $0.firstMatch(in: text) != nil }) {
                    violations.append(ContentViolation(
                        kind: .missingRequired, rule: rule.name,
                        message: "a level \(level) notice must say \(sources.count == 1 ? sources[0] : "one of " + sources.joined(separator: ", ")) (rule \(rule.name)): \(rule.message)"))
                }
            }
        }
    }

    static func list(_ ids: [String]) -> String {
        if ids.isEmpty { return "it lists none" }
        if ids.count <= 8 { return ids.joined(separator: ", ") }
        return ids.prefix(8).joined(separator: ", ") + " and \(ids.count - 8) more"
    }
}
