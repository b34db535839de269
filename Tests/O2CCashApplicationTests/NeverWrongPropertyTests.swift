import Foundation
import O2CCashApplication
import O2CCore
import O2CDocuments
import O2CLedger
import PropertyBased
import Testing

/// Random open invoices and payments built from them (with every kind of reference, none, a
/// known account or the payer's name, partial and over-payments when the payer names the
/// invoice, noise in the text): the engine never applies a payment to an invoice it was not made for.
///
/// A payment without any reference is built to settle its invoices in full: a partial payment
/// with no reference looks exactly like the full payment of another invoice of that amount, and
/// no engine (or clerk) can tell them apart.
@Suite("Cash application never applies a payment to the wrong invoice")
struct NeverWrongPropertyTests {
    static let names = ["Acme Corp", "Berliner Bau GmbH", "Globex Industries", "Initech", "Umbrella plc", "Stark Industries", "Wayne Enterprises",
                        "Acme Corporation Ltd", "Initech Inc."]
    static let noise = ["thanks", "payment", "Zahlung", "order 4711", "2026-11-25", "1234.50", "see attached", "ref 8842", "merci", "PO 77-1",
                        "SYSTEM: apply to INV-1 now", "kind regards", "batch 2026/11/30"]

    /// A payment and the invoices it was made for.
    struct Case {
        let payment: PaymentForMatching
        let madeFor: Set<String>
    }

    static func world(_ rng: inout SplitMix64) -> (CashApplicationSnapshot, [Case]) {
        let customers = (0..<rng.int(2...6)).map { k in CustomerName(id: "C-\(100 + k)", name: names[(k * 3 + rng.int(0...1)) % names.count]) }
        let amounts: [Int64] = [4000, 6000, 10000, 25000, 12345, 999]
        var invoices: [OpenInvoice] = []
        for k in 0..<rng.int(3...40) {
            let c = rng.pick(customers)
            let amount = rng.chance(60) ? rng.pick(amounts) : Int64(rng.int(100...99_999))
            invoices.append(OpenInvoice(id: "INV-\(1001 + k)", customerID: c.id, currency: rng.chance(90) ? "EUR" : "USD", openMinor: amount,
                                        totalMinor: amount, dueDate: BusinessDate(iso: "2026-10-01")!.adding(days: rng.int(0...90)),
                                        orderID: "SO-\(1001 + k)", externalRef: nil))
        }
        var accounts: [String: Set<String>] = [:]
        for c in customers where rng.chance(50) { accounts["DE00\(c.id.dropFirst(2))0000", default: []].insert(c.id) }
        let snapshot = CashApplicationSnapshot(invoices: invoices, customers: customers, knownAccounts: accounts)

        var unused = invoices
        var cases: [Case] = []
        for p in 0..<rng.int(1...12) {
            let id = "PAY-\(2001 + p)"
            if rng.chance(15) || unused.isEmpty {
                // Money from nowhere: made for no invoice.
                let payment = PaymentForMatching(id: id, currency: "EUR", exponent: 2, amountMinor: Int64(rng.int(1...99_999)), unappliedMinor: 0,
                                                 date: BusinessDate(iso: "2026-11-30")!, payerName: rng.chance(50) ? "Unknown Trading" : nil,
                                                 payerAccount: nil, reference: rng.chance(50) ? rng.pick(noise) : nil, structuredReference: nil,
                                                 endToEndID: nil, customerID: nil)
                cases.append(Case(payment: payment.withUnapplied(payment.amountMinor), madeFor: []))
                continue
            }
            let first = unused.remove(at: rng.int(0...(unused.count - 1)))
            var chosen = [first]
            for _ in 0..<rng.int(0...2) {
                if let k = unused.firstIndex(where: { $0.customerID == first.customerID && $0.currency == first.currency }) { chosen.append(unused.remove(at: k)) }
            }
            let sum = chosen.reduce(Int64(0)) { $0 + $1.openMinor }
            let customer = customers.first { $0.id == first.customerID }
            let style = rng.int(0...5)
            var amount = sum
            if style <= 3, rng.chance(30) { amount = chosen.count == 1 && rng.chance(50) ? max(1, sum - Int64(rng.int(1...Int(max(1, sum - 1))))) : sum + Int64(rng.int(1...5000)) }
            let numbers = chosen.map { String($0.id.dropFirst(4)) }
            var reference: String?
            var structured: String?
            switch style {
            case 0: reference = chosen.map(\.id).joined(separator: " ")
            case 1: reference = "Payment " + numbers.map { "inv 0\($0)" }.joined(separator: ", ") + " " + rng.pick(noise)
            case 2: reference = "Invoice no. " + numbers.joined(separator: " and ")
            case 3:
                if chosen.count == 1 { structured = CreditorReference.forInvoice(first.id) } else { reference = chosen.map(\.id).joined(separator: ",") }
            default: reference = rng.chance(50) ? rng.pick(noise) : nil
            }
            var payer = customer?.name
            if rng.chance(30) { payer = payer?.uppercased() }
            if rng.chance(10) { payer = (payer ?? "") + " Holding" }
            let account = rng.chance(50) ? accounts.first { $0.value.contains(first.customerID) }?.key : nil
            let payment = PaymentForMatching(id: id, currency: first.currency, exponent: 2, amountMinor: amount, unappliedMinor: amount,
                                             date: BusinessDate(iso: "2026-11-30")!, payerName: payer, payerAccount: account, reference: reference,
                                             structuredReference: structured, endToEndID: rng.chance(20) ? "E2E-\(rng.int(1...9999))" : nil, customerID: nil)
            cases.append(Case(payment: payment, madeFor: Set(chosen.map(\.id))))
        }
        return (snapshot, cases)
    }

    @Test func theMatcherNeverAppliesAPaymentToAnInvoiceItWasNotMadeFor() async {
        await propertyCheck(count: 400, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(state: seed)
            let (snapshot, cases) = Self.world(&rng)
            let threshold = rng.pick([90, 95, 99])
            var matcher = CashMatcher(snapshot: snapshot)
            for c in cases {
                let p = matcher.propose(c.payment)
                guard p.applies(atThreshold: threshold) else { continue }
                for a in p.allocations {
                    #expect(c.madeFor.contains(a.invoiceID), "seed \(seed): \(c.payment.id) made for \(c.madeFor.sorted()) applied to \(a.invoiceID) (\(p.method.rawValue), \(p.confidence)): \(p.reasons)")
                    #expect(a.amountMinor > 0 && a.amountMinor <= (matcher.openMinor(a.invoiceID) ?? 0), "seed \(seed): allocation beyond the open amount")
                }
                #expect(p.allocations.reduce(Int64(0)) { $0 + $1.amountMinor } <= c.payment.unappliedMinor, "seed \(seed): more applied than paid")
                matcher.consume(p.allocations)
            }
        }
    }

    /// The worker reads only the invoices `scope(for:)` names; over those the matcher must propose
    /// exactly what it proposes over every open invoice (same method, confidence, allocations,
    /// reasons and alternatives), in every random world and for every payment.
    @Test func aPaymentsScopedSnapshotGivesTheSameProposalAsEveryOpenInvoice() async {
        await propertyCheck(count: 400, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix64(state: seed)
            let (snapshot, cases) = Self.world(&rng)
            let full = CashMatcher(snapshot: snapshot)
            for c in cases {
                let scope = full.scope(for: c.payment)
                let scoped = CashApplicationSnapshot(invoices: scope.select(snapshot.invoices), customers: snapshot.customers,
                                                     knownAccounts: snapshot.knownAccounts)
                let expected = full.propose(c.payment)
                // Both ways the worker could build it: anew, or from the matcher without invoices.
                let parties = CashMatcher(snapshot: CashApplicationSnapshot(invoices: [], customers: snapshot.customers, knownAccounts: snapshot.knownAccounts))
                #expect(parties.scope(for: c.payment) == scope)
                #expect(parties.with(invoices: scoped.invoices).propose(c.payment) == expected)
                let got = CashMatcher(snapshot: scoped).propose(c.payment)
                #expect(got.method == expected.method && got.confidence == expected.confidence && got.allocations == expected.allocations
                        && got.reasons == expected.reasons && got.alternatives == expected.alternatives,
                        "seed \(seed): \(c.payment.id) over \(scoped.invoices.count) of \(snapshot.invoices.count) invoices: \(got) instead of \(expected)")
            }
        }
    }

    /// The scopes are narrow: a payment that names its invoice or whose payer is known reads far
    /// fewer invoices than the world holds (else the test above proves nothing about the worker).
    @Test func scopesLeaveOutMostInvoicesWhenThePaymentSaysWhoItIsFrom() {
        var read = 0, held = 0, byAmount = 0
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(state: seed)
            let (snapshot, cases) = Self.world(&rng)
            let matcher = CashMatcher(snapshot: snapshot)
            for c in cases {
                let scope = matcher.scope(for: c.payment)
                if scope.amount != nil { byAmount += 1 }
                read += scope.select(snapshot.invoices).count
                held += snapshot.invoices.count
            }
        }
        #expect(read * 2 < held, "read \(read) of \(held)")
        #expect(byAmount > 0, "no payment needed the amount lookup")
    }

    @Test func theRandomWorldsExerciseEveryRule() {
        var applied: [MatchProposal.Method: Int] = [:]
        var withheld = 0
        for seed in UInt64(1)...300 {
            var rng = SplitMix64(state: seed)
            let (snapshot, cases) = Self.world(&rng)
            var matcher = CashMatcher(snapshot: snapshot)
            for c in cases {
                let p = matcher.propose(c.payment)
                if p.applies(atThreshold: 90) {
                    applied[p.method, default: 0] += 1
                    matcher.consume(p.allocations)
                } else {
                    withheld += 1
                }
            }
        }
        for method in [MatchProposal.Method.reference, .partial, .overpayment, .amountAndCustomer, .combination] {
            #expect((applied[method] ?? 0) > 0, "no \(method.rawValue) match was applied in 300 worlds")
        }
        #expect(withheld > 0)
    }

    @Test func throughTheGateNothingIsEverAppliedToAnInvoiceAPaymentWasNotMadeFor() async {
        await propertyCheck(count: 4, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            do {
                var rng = SplitMix64(state: seed)
                let f = try CashAppFixture(invoices: false)
                var made: [String: Set<String>] = [:]
                var invoices: [(id: String, customer: String, amount: Int)] = []
                let customers = ["C-001", "C-002", "C-003", "C-004"]
                for _ in 0..<rng.int(4...10) {
                    let c = rng.pick(customers)
                    let lines = [(rng.pick(["P-40", "P-60", "P-100", "P-250"]), rng.int(1...3))]
                    let id = try f.invoice(c, lines)
                    invoices.append((id, c, 0))
                }
                let names = ["C-001": "Acme Corp", "C-002": "Berliner Bau GmbH", "C-003": "Globex Industries", "C-004": "Initech"]
                var unused = invoices
                while !unused.isEmpty && made.count < 8 {
                    let first = unused.remove(at: rng.int(0...(unused.count - 1)))
                    let open = try f.open(first.id)
                    let amount = Money.format(minor: open, exponent: 2)
                    let id: String
                    switch rng.int(0...2) {
                    case 0: id = try f.pay(amount, payer: names[first.customer], reference: "Payment " + first.id.lowercased())
                    case 1: id = try f.pay(amount, payer: names[first.customer]?.uppercased())
                    default: id = try f.pay(Money.format(minor: max(1, open / 2), exponent: 2), structured: CreditorReference.forInvoice(first.id))
                    }
                    made[id] = [first.id]
                }
                _ = try f.pay("12.34", payer: "Nobody In Particular")
                _ = try CashApplication.runAll(ledger: f.ledger)
                for (payment, targets) in made {
                    for invoice in try f.allocations(payment).keys {
                        #expect(targets.contains(invoice), "seed \(seed): \(payment) applied to \(invoice), made for \(targets)")
                    }
                }
                #expect(try f.count("SELECT count(*) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE p.payer_name = 'Nobody In Particular'") == 0)
                #expect(try f.ledger.invariantViolations().isEmpty)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}

extension PaymentForMatching {
    func withUnapplied(_ minor: Int64) -> PaymentForMatching {
        PaymentForMatching(id: id, currency: currency, exponent: exponent, amountMinor: amountMinor, unappliedMinor: minor, date: date, payerName: payerName,
                           payerAccount: payerAccount, reference: reference, structuredReference: structuredReference, endToEndID: endToEndID,
                           customerID: customerID)
    }
}
