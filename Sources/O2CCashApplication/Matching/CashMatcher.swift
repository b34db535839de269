import O2CCore
import O2CLedger

/// The matching rules, over a snapshot of the open invoices held in memory (it changes nothing;
/// `CashApplication` applies what it proposes through the gate). In order:
///
/// 1. **By reference**: invoice numbers the payer wrote (exact, RF, written another way, after
///    an invoice keyword). The amount settles them, pays part of one (`partial`), or more
///    (`overpayment`: the rest stays unapplied cash).
/// 2. **By customer and amount**: the payer is known by an account earlier payments from it were
///    applied for, or by name; one of its open invoices has the amount.
/// 3. **By combination**: one combination of that customer's open invoices adds up to the
///    amount (a bounded search, `SubsetSearch`).
///
/// Whenever a second explanation fits as well, it is listed as an alternative and nothing is
/// applied automatically, whatever the confidence.
public struct CashMatcher: Sendable {
    private var invoices: [OpenInvoice]
    private var open: [Int64]
    private var byID: [String: Int] = [:]
    private var byNumber: [Int: Int] = [:]
    private var byCustomer: [String: [Int]] = [:]
    private var byAmount: [AmountKey: [Int]] = [:]
    private let names: PayerNameIndex
    private let customerNames: [String: String]
    private let accounts: [String: Set<String>]
    /// The most open invoices of one customer searched for combinations.
    public let subsetInvoicesMax: Int

    private struct AmountKey: Hashable {
        let currency: String
        let amount: Int64
    }

    /// A matcher over `snapshot`.
    public init(snapshot: CashApplicationSnapshot, subsetInvoicesMax: Int = SubsetSearch.invoicesMaxDefault) {
        invoices = snapshot.invoices
        open = snapshot.invoices.map(\.openMinor)
        self.subsetInvoicesMax = min(max(subsetInvoicesMax, 1), 30)
        names = PayerNameIndex(snapshot.customers)
        customerNames = Dictionary(snapshot.customers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var accounts: [String: Set<String>] = [:]
        for (account, customers) in snapshot.knownAccounts { accounts[Self.normaliseAccount(account), default: []].formUnion(customers) }
        self.accounts = accounts
        index()
    }

    /// The same matcher (customers' names, payer accounts) over other open invoices: the
    /// worker's second step, after `scope(for:)` on a matcher built without invoices, so the
    /// customers' names are indexed once per payment.
    public func with(invoices: [OpenInvoice]) -> CashMatcher {
        var m = self
        m.invoices = invoices
        m.open = invoices.map(\.openMinor)
        (m.byID, m.byNumber, m.byCustomer, m.byAmount) = ([:], [:], [:], [:])
        m.index()
        return m
    }

    private mutating func index() {
        for (k, inv) in invoices.enumerated() {
            byID[inv.id] = k
            if let n = Self.number(inv.id) { byNumber[n] = k }
            byCustomer[inv.customerID, default: []].append(k)
            byAmount[AmountKey(currency: inv.currency, amount: inv.openMinor), default: []].append(k)
        }
        for (c, list) in byCustomer {
            byCustomer[c] = list.sorted { (invoices[$0].dueDate, $0) < (invoices[$1].dueDate, $1) }
        }
    }

    /// 1042 for `INV-1042`.
    static func number(_ id: String) -> Int? {
        guard id.hasPrefix("INV-") else { return nil }
        return Int(id.dropFirst(4))
    }

    /// Upper case without spaces (`de89 3704 …` = `DE893704…`).
    static func normaliseAccount(_ account: String) -> String { account.uppercased().filter { !$0.isWhitespace } }

    /// What remains open of an invoice in this snapshot (after what was applied during the run).
    public func openMinor(_ invoiceID: String) -> Int64? { byID[invoiceID].map { open[$0] } }

    /// Takes applied (or claimed) amounts out of the open invoices, so later payments of the
    /// same run see what is left.
    public mutating func consume(_ allocations: [MatchProposal.Allocation]) {
        for a in allocations {
            guard let k = byID[a.invoiceID] else { continue }
            let inv = invoices[k]
            let before = open[k]
            open[k] = max(0, before - a.amountMinor)
            let oldKey = AmountKey(currency: inv.currency, amount: before)
            byAmount[oldKey]?.removeAll { $0 == k }
            if byAmount[oldKey]?.isEmpty == true { byAmount[oldKey] = nil }
            if open[k] > 0 { byAmount[AmountKey(currency: inv.currency, amount: open[k]), default: []].append(k) }
        }
    }

    // MARK: proposing

    /// What the payment says before any invoice is looked at: the invoice numbers it mentions,
    /// the customers its account or record points to, and who its payer's name fits.
    private struct Reading {
        var notes: [String] = []
        var strong: [InvoiceMention] = []
        var weak: [Int] = []
        var known: Set<String> = []
        var knownReason: String?
        var nameMatch: (best: PayerNameIndex.Match?, candidates: [PayerNameIndex.Match])?
    }

    private func read(_ payment: PaymentForMatching) -> Reading {
        var r = Reading()
        let scan = ReferenceScanner.scan([("structured reference", payment.structuredReference ?? ""), ("reference", payment.reference ?? ""),
                                          ("end-to-end id", payment.endToEndID ?? "")])
        r.notes = scan.notes
        r.strong = scan.mentions.filter { $0.strength >= .keyword }
        r.weak = scan.mentions.filter { $0.strength == .bare }.map(\.number)
        if let c = payment.customerID {
            r.known = [c]
            r.knownReason = "the payment was recorded for \(describe(customer: c))"
        } else if let account = payment.payerAccount, let customers = accounts[Self.normaliseAccount(account)] {
            // Reasons quote the ledger, never what the bank or the payer wrote.
            r.known = customers
            r.knownReason = customers.count == 1
                ? "the payer's account paid \(describe(customer: customers.first ?? "")) before"
                : "the payer's account paid several customers before (\(customers.sorted().joined(separator: ", ")))"
        }
        r.nameMatch = payment.payerName.map { names.match($0) }
        return r
    }

    /// The open invoices `propose(payment)` can look at (`CashInvoiceScope`): the proposal over a
    /// snapshot holding only those is the proposal over every open invoice. The invoices the
    /// payment names (and their customers' invoices), those of the customers it is known for or
    /// its payer's name fits, and, only when it names no invoice and no single customer is found,
    /// those with exactly its amount open.
    public func scope(for payment: PaymentForMatching) -> CashInvoiceScope {
        let r = read(payment)
        var customers = r.known
        if let best = r.nameMatch?.best { customers.insert(best.customerID) }
        let ids = Set((r.strong.map(\.number) + r.weak).map { "INV-\($0)" })
        let byAmount = r.strong.isEmpty && r.known.count != 1 && r.nameMatch?.best == nil
        return CashInvoiceScope(customers: customers, invoiceIDs: ids,
                                amount: byAmount ? CashInvoiceScope.Amount(currency: payment.currency, minor: payment.unappliedMinor) : nil)
    }

    /// The proposal for `payment` (its unapplied amount).
    public func propose(_ payment: PaymentForMatching) -> MatchProposal {
        var draft = Draft(payment: payment)
        let r = read(payment)
        draft.reasons += r.notes
        if let reason = r.knownReason { draft.reasons.append(reason) }
        if r.strong.isEmpty {
            byCustomerAndAmount(&draft, known: r.known, nameMatch: r.nameMatch, weak: r.weak)
        } else {
            byReference(&draft, mentions: r.strong, known: r.known, nameMatch: r.nameMatch)
        }
        return draft.proposal
    }

    /// A proposal under construction.
    private struct Draft {
        let payment: PaymentForMatching
        var method = MatchProposal.Method.none
        var confidence = 0
        var allocations: [MatchProposal.Allocation] = []
        var reasons: [String] = []
        var alternatives: [String] = []

        init(payment: PaymentForMatching) { self.payment = payment }

        func money(_ minor: Int64) -> String {
            Money(minor: minor, currency: Currency(code: payment.currency, exponent: payment.exponent)).description
        }

        mutating func cap(_ value: Int, _ reason: String) {
            confidence = min(confidence, value)
            reasons.append(reason)
        }

        var proposal: MatchProposal {
            MatchProposal(paymentID: payment.id, method: method, confidence: max(0, min(100, confidence)),
                          allocations: allocations, reasons: reasons, alternatives: alternatives)
        }
    }

    private func describe(customer id: String) -> String {
        customerNames[id].map { "\(id) (\($0))" } ?? id
    }

    private func describe(_ indices: [Int], _ draft: Draft) -> String {
        indices.map { "\(invoices[$0].id) (\(draft.money(open[$0])))" }.joined(separator: " + ")
    }

    // MARK: 1. by reference

    private func byReference(_ d: inout Draft, mentions: [InvoiceMention], known: Set<String>, nameMatch: (best: PayerNameIndex.Match?, candidates: [PayerNameIndex.Match])?) {
        let p = d.payment
        var named: [Int] = []
        var weakest = InvoiceMention.Strength.exact
        var unusable: [String] = []
        for m in mentions {
            guard let k = byNumber[m.number], open[k] > 0 else {
                unusable.append("\(m.invoiceID), which is not open (paid, credited or unknown)")
                continue
            }
            guard invoices[k].currency == p.currency else {
                unusable.append("\(m.invoiceID), which is in \(invoices[k].currency) while the payment is in \(p.currency)")
                continue
            }
            named.append(k)
            weakest = min(weakest, m.strength)
            let how = m.strength == .exact ? "" : " (written '\(m.text)')"
            d.reasons.append("the \(m.source) names \(invoices[k].id)\(how), \(d.money(open[k])) open, of \(describe(customer: invoices[k].customerID))")
        }
        guard !named.isEmpty else {
            d.confidence = 10
            d.reasons.append("the payer names " + unusable.joined(separator: "; ") + "; a duplicate or mistaken payment? a person should look")
            return
        }
        let customers = Set(named.map { invoices[$0].customerID })
        guard customers.count == 1, let customer = customers.first else {
            d.confidence = 40
            d.reasons.append("the named invoices belong to different customers (\(customers.sorted().joined(separator: ", "))); one payment pays one customer")
            return
        }
        let full: Int, partialOrOver: Int
        switch weakest {
        case .exact: (full, partialOrOver) = (99, 95)
        case .normalised: (full, partialOrOver) = (97, 93)
        default: (full, partialOrOver) = (93, 90)
        }
        d.confidence = full
        if !unusable.isEmpty { d.cap(70, "it also names " + unusable.joined(separator: "; ")) }
        if !known.isEmpty, !known.contains(customer) {
            d.cap(60, "but the payer is known as \(known.sorted().map { describe(customer: $0) }.joined(separator: ", ")), not \(describe(customer: customer))")
        }
        if let best = nameMatch?.best {
            if best.customerID == customer {
                d.reasons.append("the payer's name fits \(describe(customer: customer))")
            } else if best.score == 1, known.isEmpty {
                d.cap(80, "but the payer's name is that of \(describe(customer: best.customerID))")
            }
        }
        let amount = p.unappliedMinor
        let openSum = named.reduce(Int64(0)) { $0.addingReportingOverflow(open[$1]).overflow ? .max : $0 + open[$1] }
        if amount == openSum {
            d.method = .reference
            d.allocations = named.map { .init(invoiceID: invoices[$0].id, amountMinor: open[$0]) }
            d.reasons.append("the amount \(d.money(amount)) settles \(named.count == 1 ? "it" : "them") exactly")
        } else if amount > openSum {
            d.method = .overpayment
            d.confidence = min(d.confidence, partialOrOver)
            d.allocations = named.map { .init(invoiceID: invoices[$0].id, amountMinor: open[$0]) }
            d.reasons.append("the amount \(d.money(amount)) is \(d.money(amount - openSum)) more than the \(d.money(openSum)) open; the rest stays unapplied cash")
        } else if named.count == 1, let k = named.first {
            d.method = .partial
            d.confidence = min(d.confidence, partialOrOver)
            d.allocations = [.init(invoiceID: invoices[k].id, amountMinor: amount)]
            d.reasons.append("the amount \(d.money(amount)) pays part of the \(d.money(open[k])) open; \(d.money(open[k] - amount)) stays open")
            for other in byCustomer[customer] ?? [] where other != k && open[other] == amount && invoices[other].currency == p.currency {
                d.alternatives.append("\(invoices[other].id) of the same customer has exactly \(d.money(amount)) open: the reference may be a typo")
            }
            if !d.alternatives.isEmpty { d.confidence = min(d.confidence, 70) }
        } else {
            // Several invoices named, less paid: which one is short is a guess (oldest first).
            d.method = .partial
            var left = amount
            for k in named.sorted(by: { (invoices[$0].dueDate, $0) < (invoices[$1].dueDate, $1) }) where left > 0 {
                let part = min(left, open[k])
                d.allocations.append(.init(invoiceID: invoices[k].id, amountMinor: part))
                left -= part
            }
            d.cap(70, "the amount \(d.money(amount)) is less than the \(d.money(openSum)) open on the named invoices; which is short-paid is a guess (oldest first)")
        }
    }

    // MARK: 2–3. by customer and amount, by combination

    private func byCustomerAndAmount(_ d: inout Draft, known: Set<String>, nameMatch: (best: PayerNameIndex.Match?, candidates: [PayerNameIndex.Match])?,
                                     weak: [Int]) {
        let p = d.payment
        var customer: String?
        var scores = (single: 0, combination: 0)
        if known.count == 1, let c = known.first {
            customer = c
            scores = (95, 92)
            if let best = nameMatch?.best, best.customerID != c, best.score == 1 {
                scores = (60, 60)
                d.reasons.append("but the payer's name is that of \(describe(customer: best.customerID))")
            }
        } else if let match = nameMatch {
            if let best = match.best {
                customer = best.customerID
                scores = best.score == 1 ? (92, 90) : (85, 82)
                d.reasons.append(best.score == 1
                    ? "the payer's name is that of \(describe(customer: best.customerID))"
                    : "the payer's name is close to \(describe(customer: best.customerID)) (similarity \(Int(best.score * 100))%)")
            } else if match.candidates.count > 1 {
                d.reasons.append("the payer's name fits several customers: \(match.candidates.map { describe(customer: $0.customerID) }.joined(separator: ", "))")
            }
        }
        let amount = p.unappliedMinor
        guard let c = customer else {
            let same = byAmount[AmountKey(currency: p.currency, amount: amount)] ?? []
            if same.count == 1, let k = same.first {
                d.method = .amountAndCustomer
                d.confidence = 50
                d.allocations = [.init(invoiceID: invoices[k].id, amountMinor: amount)]
                d.reasons.append("no reference and the payer is unknown; \(invoices[k].id) of \(describe(customer: invoices[k].customerID)) is the only open invoice of exactly \(d.money(amount))")
            } else if same.count > 1 {
                d.confidence = 20
                d.reasons.append("no reference and the payer is unknown; \(same.count) open invoices have exactly \(d.money(amount)) open")
            } else {
                d.reasons.append("no invoice reference, an unknown payer, and no open invoice of exactly \(d.money(amount))")
            }
            return
        }
        let list = (byCustomer[c] ?? []).filter { open[$0] > 0 && invoices[$0].currency == p.currency }
        guard !list.isEmpty else {
            d.confidence = 30
            d.reasons.append("\(describe(customer: c)) has no open invoice in \(p.currency)")
            return
        }
        let searched = Array(list.prefix(subsetInvoicesMax))
        let explain = { (picked: [Int]) -> [Int] in picked.map { searched[$0] } }
        switch SubsetSearch.search(searched.map { open[$0] }, target: amount) {
        case .none:
            d.confidence = 30
            d.reasons.append("no open invoice of \(describe(customer: c)), and no combination of its \(searched.count == list.count ? "" : "\(searched.count) oldest ")open invoices, adds up to \(d.money(amount)); a partial payment or an over-payment? a person should look")
        case .several(let a, let b):
            let first = explain(a)
            d.method = first.count == 1 ? .amountAndCustomer : .combination
            d.confidence = 40
            d.allocations = first.map { .init(invoiceID: invoices[$0].id, amountMinor: open[$0]) }
            d.alternatives = [describe(first, d), describe(explain(b), d)]
            d.reasons.append("more than one set of \(describe(customer: c))'s open invoices adds up to \(d.money(amount)), so none is applied automatically")
        case .unique(let picked):
            let chosen = explain(picked)
            d.method = chosen.count == 1 ? .amountAndCustomer : .combination
            d.confidence = chosen.count == 1 ? scores.single : scores.combination
            d.allocations = chosen.map { .init(invoiceID: invoices[$0].id, amountMinor: open[$0]) }
            d.reasons.append(chosen.count == 1
                ? "\(invoices[chosen[0]].id) is the only open invoice of \(describe(customer: c)) with exactly \(d.money(amount)) open, and no combination of its invoices adds up to it"
                : "exactly one combination of \(describe(customer: c))'s open invoices adds up to \(d.money(amount)): \(describe(chosen, d))")
            if list.count > searched.count {
                d.cap(70, "\(describe(customer: c)) has \(list.count) open invoices in \(p.currency); only the \(searched.count) oldest were searched, so another combination may fit")
            }
            let chosenNumbers = Set(chosen.compactMap { Self.number(invoices[$0].id) })
            let mentionedOthers = weak.filter { n in !chosenNumbers.contains(n) && (byNumber[n].map { invoices[$0].customerID == c } ?? false) }
            if let other = mentionedOthers.first {
                d.cap(60, "but the reference mentions \(other), the number of \(describe(customer: c))'s invoice INV-\(other)")
            } else if weak.contains(where: { chosenNumbers.contains($0) }) {
                d.confidence = min(97, d.confidence + 3)
                d.reasons.append("the reference mentions the invoice's number")
            }
        }
    }
}
