import O2CAgents
import Testing

@Suite struct ContentDunningTests {
    let check = ContentPolicy.standard.dunning
    let invoices = [
        DunningInvoice(id: "INV-2211", openAmount: "1200.00", currency: "EUR"),
        DunningInvoice(id: "INV-2214", openAmount: "50", currency: "EUR"),
    ]

    func body(_ middle: String) -> String {
        """
        Dear Ms Weber,

        our records show that the following invoices are past due:
        - INV-2211: €1,200.00 (due 2025.01.15)
        - INV-2214: 50.00 EUR
        \(middle)
        Kind regards,
        Accounts Receivable
        """
    }

    @Test func aCorrectReminderPasses() {
        let violations = check.check(subject: "Friendly reminder: INV-2211, INV-2214", body: body("Total open: EUR 1,250.00. Late interest of 1.50% may apply."), level: 1, invoices: invoices)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func aWrongAmountIsCaught() throws {
        let violations = check.check(subject: "Reminder", body: body("Total open: EUR 1,205.00."), level: 1, invoices: invoices)
        let v = try #require(violations.first)
        #expect(violations.count == 1)
        #expect(v.kind == .wrongAmount)
        #expect(v.message.hasPrefix("the email quotes 1,205.00 but no listed invoice has that amount"), "\(v.message)")
        #expect(v.message.contains("1,200.00, 50.00, total 1,250.00 EUR"), "\(v.message)")
    }

    @Test func anUnknownInvoiceNumberIsCaught() throws {
        let violations = check.check(subject: "Reminder", body: body("Please also settle INV\u{2011}999."), level: 1, invoices: invoices)
        let v = try #require(violations.first)
        #expect(violations.count == 1)
        #expect(v.kind == .unknownInvoice)
        #expect(v.message == "INV-999 is not one of the invoices of this notice (INV-2211, INV-2214)")
    }

    @Test func aForbiddenPhraseAtLevelOneIsCaught() throws {
        let violations = check.check(subject: "Reminder", body: body("Otherwise we will hand the account to a c\u{43E}llection agency."), level: 1, invoices: invoices)
        let v = try #require(violations.first)
        #expect(violations.count == 1)
        #expect(v.kind == .forbiddenPhrase)
        #expect(v.rule == "reminders-stay-friendly")
        #expect(v.message.hasPrefix("a level 1 notice must not say 'collection agency'"), "\(v.message)")
        #expect(v.excerpt?.contains("collection agency") == true)
    }

    @Test func levelThreeMayMentionACollectionAgencyButMustSayItIsFinal() {
        let final = body("This is our final notice. Unless we receive 1,250.00 EUR within 10 days, we will hand the account to a collection agency.")
        #expect(check.check(subject: "Final notice", body: final, level: 3, invoices: invoices).isEmpty)

        let notFinal = body("Unless we receive payment, we will hand the account to a collection agency.")
        let violations = check.check(subject: "Overdue", body: notFinal, level: 3, invoices: invoices)
        #expect(violations.map(\.kind) == [.missingRequired])
        #expect(violations.first?.message.contains("must say one of 'final notice', 'final reminder', 'final demand'") == true)
    }

    @Test func noLevelAllowsThreatsInsultsOrCriminalClaims() {
        let text = body("This is our final notice. Not paying is theft, you deadbeat, and we know where you live.")
        let violations = check.check(subject: "Final notice", body: text, level: 3, invoices: invoices)
        #expect(Set(violations.compactMap(\.rule)) == ["no-threats-of-harm", "no-insults", "no-criminal-claims"])
    }

    @Test func amountsInAnotherCurrencyOrUnreadableFormAreCaught() {
        let violations = check.check(subject: "Reminder", body: body("Total: USD 1,250.00, or 1.250,00 €."), level: 2, invoices: invoices)
        #expect(violations.map(\.kind) == [.wrongCurrency, .unreadableAmount], "\(violations)")
        #expect(violations.first?.message == "the email quotes 1,250.00 in USD, but the invoices of this notice are in EUR")
    }

    @Test func everyInvoiceOfTheNoticeMustBeMentioned() {
        let violations = check.check(subject: "Reminder", body: "INV-2211 is open: 1,200.00 EUR.", level: 1, invoices: invoices)
        #expect(violations.map(\.message) == ["INV-2214 is one of the invoices of this notice but the email does not mention it"])
    }

    @Test func tupleInvoicesAndBadInputAreHandled() {
        let ok = check.check(subject: "Reminder", body: "INV-1: 10.00", level: 1, invoices: [(id: "INV-1", openAmount: "10.00", currency: "USD")])
        #expect(ok.isEmpty)
        #expect(check.check(subject: "", body: "", level: 4, invoices: invoices).map(\.kind) == [.invalidInput])
        let bad = check.check(subject: "INV-1", body: "", level: 1, invoices: [DunningInvoice(id: "INV-1", openAmount: "ten", currency: "USD")])
        #expect(bad.map(\.kind) == [.invalidInput])
    }
}
