import Foundation
import O2CClient
import O2CCore
import O2CDemo
import O2CLedger

/// The crash driver's ledger and documents: a company with 20 customers of one sales rep, five
/// products in ample stock, an approver per role; order files (CSV) of which a share is priced
/// 20% below the list (the rep's price then waits for a sales manager), and bank statements
/// (camt.053.001.08) paying a share of the invoices by their number.
struct CrashWorkload {
    static let customers = (1...20).map { String(format: "C-%03d", $0) }
    /// Customers with invoices from 100 days ago, never paid: the dunning run's work.
    static let lateCustomers = (901...905).map { "C-\($0)" }
    static let products: [(sku: String, cents: Int64)] = [("WID-100", 1999), ("WID-101", 4550), ("BRK-200", 1250), ("GAD-300", 9900), ("CBL-400", 300)]
    /// The approver of each role a rule may ask for.
    static let approvers: [(role: String, user: String)] = [("sales_manager", "sally"), ("ar_clerk", "arlo"), ("credit_manager", "cora"),
                                                            ("finance_manager", "fiona")]
    /// The sales rep who enters the orders.
    static let rep = "sam"

    /// Creates the ledger with `o2c init`, then loads master data and users through the public API.
    static func createLedger(runner: O2CRunner, orders: Int) throws {
        try runner.run(["init", "--company", "Crash Test Supplies Inc.", "--json"])
        let ledger = try Ledger.open(path: runner.db, policy: ReadOnlyPolicy())
        var m = MasterData()
        m.currencies = [.init(code: "USD", rates: [])]
        m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825])]
        m.customers = (customers + lateCustomers).map { id in
            .init(id: id, name: "Customer \(id)", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 900_000_000_000,
                  owner: rep, email: "ap@\(id.lowercased()).example", region: "US-CA")
        }
        m.products = products.map { .init(sku: $0.sku, name: "Product \($0.sku)", family: "parts", taxCategory: "standard", prices: ["USD": $0.cents], alternatives: []) }
        m.warehouses = [("WH-1", "Main")]
        m.stock = products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: Int64(orders) * 4 + 100) }
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1), .init(code: "DHL", name: "DHL", preferredRank: 2)]
        try ledger.setUp(m)
        _ = try ledger.addUser(name: rep, role: .salesRep, approvalLimit: nil)
        for (role, user) in approvers {
            guard let r = Role(rawValue: role) else { continue }
            _ = try ledger.addUser(name: user, role: r, approvalLimit: nil)
        }
        try history(path: runner.db, invoices: max(5, min(200, orders / 50)))
    }

    /// Invoices issued and sent 100 days ago to the late customers, through the gate with the
    /// clock set back (as `o2c init --demo` loads its history): overdue at level 3 today.
    static func history(path: String, invoices: Int) throws {
        let clock = ManualClock(date: SystemClock().today().adding(days: -100))
        let ledger = try Ledger.open(path: path, clock: clock, policy: DemoData.policy)
        func submit(_ action: ActionName, _ args: JSONValue) throws -> ActionResult {
            let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: .workflow))
            guard case .executed(let r) = outcome else { throw O2CRunner.Failure(description: "history \(action.rawValue): \(outcome.json.serialized())") }
            return r
        }
        for k in 0..<invoices {
            let order = try submit(.createOrder, ["customer_id": .string(lateCustomers[k % lateCustomers.count]),
                                                  "lines": [["sku": .string(products[k % products.count].sku), "quantity": 1]],
                                                  "external_ref": .string("HIST-\(k)")])
            _ = try submit(.reserveStock, ["order_id": .string(order.id)])
            _ = try submit(.shipOrder, ["order_id": .string(order.id)])
            let invoice = try submit(.issueInvoice, ["order_id": .string(order.id)])
            _ = try submit(.sendInvoice, ["invoice_id": .string(invoice.id)])
        }
    }

    /// The order reference of order `k`.
    static func orderRef(_ k: Int) -> String { "CR-\(k)" }

    /// An orders CSV for orders `range`; returns the file's text and the refs priced below the list.
    static func ordersCSV(_ range: Range<Int>, approvalPercent: Int, rng: inout SplitMix64) -> (text: String, discounted: [String]) {
        var lines = ["order_ref,customer_id,sku,quantity,unit_price"]
        var discounted: [String] = []
        for k in range {
            let customer = customers[k % customers.count]
            let lineCount = 1 + k % 2
            let cut = rng.chance(approvalPercent)
            if cut { discounted.append(orderRef(k)) }
            for l in 0..<lineCount {
                let p = products[(k + l) % products.count]
                let price = cut ? Self.decimal(p.cents * 8 / 10) : ""
                lines.append("\(orderRef(k)),\(customer),\(p.sku),\(1 + (k + l) % 3),\(price)")
            }
        }
        return (lines.joined(separator: "\n") + "\n", discounted)
    }

    /// Cents as a decimal string (`1999` → `19.99`).
    static func decimal(_ cents: Int64) -> String { "\(cents / 100).\(String(format: "%02d", Int(cents % 100)))" }

    /// A camt.053.001.08 statement with one booked credit per (invoice, customer name, cents).
    static func statement(id: String, date: String, credits: [(invoice: String, payer: String, cents: Int64)]) -> String {
        let total = credits.reduce(Int64(0)) { $0 + $1.cents }
        var entries = ""
        for c in credits {
            entries += """
                <Ntry><Amt Ccy="USD">\(decimal(c.cents))</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>\(date)</Dt></BookgDt><ValDt><Dt>\(date)</Dt></ValDt><AcctSvcrRef>\(id)-\(c.invoice)</AcctSvcrRef>
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                <NtryDtls><TxDtls><Refs><EndToEndId>E2E-\(c.invoice)</EndToEndId></Refs>
                <RltdPties><Dbtr><Pty><Nm>\(c.payer)</Nm></Pty></Dbtr></RltdPties><RmtInf><Ustrd>\(c.invoice)</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
            <BkToCstmrStmt><GrpHdr><MsgId>\(id)</MsgId><CreDtTm>\(date)T18:00:00Z</CreDtTm></GrpHdr>
            <Stmt><Id>\(id)</Id><CreDtTm>\(date)T18:00:00Z</CreDtTm><Acct><Id><IBAN>DE44500105175407324931</IBAN></Id><Ccy>USD</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(date)</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">\(decimal(total))</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(date)</Dt></Dt></Bal>
            \(entries)</Stmt></BkToCstmrStmt></Document>

            """
    }
}
