import O2CCashApplication
import O2CCore
import O2CDocuments
import O2CLedger

/// The morning's bank file of `o2c demo`: a camt.053 statement of payments for open invoices in
/// the base currency, made from the ledger as it is (so the same ledger gives the same file). Most
/// payers quote the invoice — as written, another way, as an RF creditor reference — or give only
/// their name and the exact amount of one invoice; one pays part of an invoice (a finance manager
/// decides), one unknown payer sends an amount nobody owes, and one quotes an invoice already
/// paid. The worker's cash application applies what is certain and leaves the rest to people.
struct DemoBankFile {
    /// The statement's file name (for messages) and its XML.
    let name: String
    let xml: String

    /// A statement of at most `payments` credits (fewer when the ledger has fewer open invoices),
    /// or nil when it has none to pay.
    static func make(ledger: Ledger, payments: Int) throws -> DemoBankFile? {
        guard payments > 0 else { return nil }
        let base = try ledger.baseCurrency()
        let today = ledger.clock.today()
        let names = Dictionary(try ledger.customers(ListFilter(limit: 100_000)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        struct Invoice {
            let id: String, customer: String, total: String, open: String, openMinor: Int64
        }
        func invoices(_ status: String) throws -> [Invoice] {
            try ledger.invoices(ListFilter(status: status, limit: 100_000)).compactMap { i in
                guard i.currency == base.code, !i.disputed, let minor = try? Money.parseMinor(i.openAmount, exponent: base.exponent) else { return nil }
                return Invoice(id: i.id, customer: i.customerID, total: i.total, open: i.openAmount, openMinor: minor)
            }.reversed()  // oldest first
        }
        let open = try invoices("open")
        guard !open.isEmpty else { return nil }
        // A payer who gives only a name is matched when exactly one combination of the customer's
        // open invoices (the oldest 24, as the matcher searches) has the amount: that invoice alone.
        let byCustomer = Dictionary(grouping: open, by: \.customer)
        func payableByNameAlone(_ i: Invoice) -> Bool {
            let amounts = (byCustomer[i.customer] ?? []).prefix(SubsetSearch.invoicesMaxDefault).map(\.openMinor)
            guard let k = (byCustomer[i.customer] ?? []).prefix(SubsetSearch.invoicesMaxDefault).firstIndex(where: { $0.id == i.id }) else { return false }
            return SubsetSearch.search(Array(amounts), target: i.openMinor) == .unique([k])
        }

        let exceptions = payments >= 4 ? 3 : 0
        var credits: [CamtStatementWriter.Credit] = []
        func credit(_ amount: String, payer: String?, remittance: String? = nil, structured: String? = nil) {
            credits.append(.init(bankReference: "DEMO-\(today.iso)-\(credits.count + 1)", amount: amount, date: today, payerName: payer,
                                 remittance: remittance, structuredReference: structured))
        }
        var pool = open[...]
        while credits.count < payments - exceptions, let i = pool.popFirst() {
            let payer = names[i.customer]
            switch credits.count % 8 {
            case 3: credit(i.open, payer: payer?.uppercased(), structured: CreditorReference.forInvoice(i.id))
            case 6: credit(i.open, payer: payer, remittance: "inv " + i.id.dropFirst(4) + " thank you")
            case 7 where payableByNameAlone(i): credit(i.open, payer: payer)
            default: credit(i.open, payer: payer, remittance: "Payment \(i.id)")
            }
        }
        if exceptions > 0 {
            // Part of an invoice, with its reference: applied only when a finance manager agrees.
            if let i = pool.popFirst(), i.openMinor >= 200 {
                credit(Money.format(minor: i.openMinor / 2, exponent: base.exponent), payer: names[i.customer], remittance: "\(i.id) first half")
            }
            // An unknown payer and an amount no invoice has.
            credit(Money.format(minor: 123_457, exponent: base.exponent), payer: "J. Doe Consulting", remittance: "Transfer")
            // An invoice that was paid already: a duplicate payment?
            if let paid = try invoices("paid").first { credit(paid.total, payer: names[paid.customer], remittance: paid.id) }
        }
        let writer = CamtStatementWriter(statementID: "DEMO-STMT-\(today.iso)", accountIBAN: "DE44500105175407324931", currency: base.code,
                                         credits: credits)
        return DemoBankFile(name: "bank-statement-\(today.iso).xml (camt.053, generated)",
                            xml: writer.xml(createdAt: today.iso + "T07:00:00Z", exponent: base.exponent))
    }
}
