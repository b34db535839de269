import O2CCore
import O2CLedger
import Testing
@testable import O2CAgents

/// `credit_check` reads the credit position back from the customer read instead of reading the
/// ledger a second time: what it reads back must be what the ledger computes.
@Suite struct CreditCheckTests {
    @Test func theCreditPositionReadBackFromEveryDemoCustomerIsTheLedgersOwn() throws {
        let ledger = try AgentFixture.ledger()
        let views = try ledger.customers(ListFilter(limit: 100_000)).map { try ledger.customer($0.id) }
        #expect(views.count > 10 && views.contains(where: \.onHold) && views.contains { ($0.maxDaysOverdue ?? 0) > 30 })
        for view in views {
            let facts = try #require(try ledger.customerFacts(view.id))
            #expect(ReadTools.creditPosition(view) == ReadTools.CreditPosition(facts), "\(view.id)")
        }
    }

    @Test func negativeAndWholeUnitAmountsReadBackExactlyAndWhatDoesNotReadBackIsNil() throws {
        let ledger = try AgentFixture.ledger()
        var view = try ledger.customer("C-001")
        let base = try ledger.baseCurrency()
        view.availableCredit = "-1234.05"
        #expect(ReadTools.creditPosition(view)?.availableCredit == Money(minor: -123_405, currency: Currency(code: base.code, exponent: 2)))
        view.availableCredit = "1500"
        #expect(ReadTools.creditPosition(view)?.availableCredit == Money(minor: 1500, currency: Currency(code: base.code, exponent: 0)))
        view.availableCredit = "0.000"
        #expect(ReadTools.creditPosition(view)?.availableCredit == Money(minor: 0, currency: Currency(code: base.code, exponent: 3)))
        view.availableCredit = "-9223372036854775808"  // Int64.min: its digits do not fit; the tool reads the ledger again
        #expect(ReadTools.creditPosition(view) == nil)
        view.availableCredit = nil
        #expect(ReadTools.creditPosition(view) == nil)
    }

    @Test func aCreditCheckAnswersFromOneCustomerReadWithTheLedgersVerdict() throws {
        let ledger = try AgentFixture.ledger()
        let profile = try AgentFixture.profile("sales-assistant")
        let context = ToolContext(ledger: ledger, actor: .agent(profile.name, runID: "RUN-0", onBehalfOf: nil), scope: .all, content: try AgentFixture.content())
        for view in try ledger.customers(ListFilter(limit: 100_000)) {
            let facts = try #require(try ledger.customerFacts(view.id))
            let (output, _) = ToolRegistry.standard.call("credit_check", argumentsJSON: #"{"customer_id": "\#(view.id)", "amount": "1.00"}"#,
                                                         allowed: ["credit_check"], context: context)
            let after = facts.availableCredit.subtracting(Money(minor: pow10(facts.availableCredit.currency.exponent),
                                                                currency: facts.availableCredit.currency))
            let verdict = facts.onHold ? "on_hold" : facts.maxDaysOverdue > 30 ? "overdue" : (after?.minor ?? -1) < 0 ? "over_limit" : "ok"
            #expect(output.json["verdict"]?.stringValue == verdict, "\(view.id)")
            #expect(output.json["available_after"]?.stringValue == after?.decimalString, "\(view.id)")
        }
    }

    private func pow10(_ n: Int) -> Int64 { (0..<n).reduce(1) { a, _ in a * 10 } }
}
