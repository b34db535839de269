import Foundation
import GRDB
import O2CCore

/// What one gate action writes with: the handler's connection inside the gate's savepoint, the
/// facts it notes for the policy, and the journal entries and events it queues for `finish`. Only
/// the gate creates one, and the type is internal to O2CLedger, so no other module can reach a
/// SQL write. The books change only through it; the approval queue, users, runs and jobs have
/// their own internal stores (the write entries are listed in docs/ARCHITECTURE.md).
final class LedgerTx {
    let db: Database
    let now: Date
    let today: BusinessDate
    let actor: Actor
    let base: Currency
    /// The largest document and line accepted.
    let limits: LedgerLimits
    /// Whether people approved the action in the approval queue.
    let approved: Bool
    /// Facts collected while the action runs (customer position before the change, amount).
    var facts: ActionFacts
    private var pendingEvents: [(type: String, subject: String, payload: JSONValue)] = []
    private var pendingEntries: [(date: BusinessDate, memo: String, sourceType: String, sourceID: String, postings: [Posting])] = []
    private var currencyCache: [String: Currency] = [:]
    /// The ledger's currencies, shared by every action.
    private let currencies: CurrencyCache

    init(db: Database, now: Date, today: BusinessDate, actor: Actor, base: Currency, limits: LedgerLimits, currencies: CurrencyCache, facts: ActionFacts) {
        self.currencies = currencies
        self.db = db
        self.now = now
        self.today = today
        self.actor = actor
        self.base = base
        self.limits = limits
        self.approved = facts.approved
        self.facts = facts
        self.nowText = now.iso8601
    }

    /// `now` as stored (ISO 8601), formatted once per action.
    let nowText: String

    // MARK: ids

    /// The next id of a document kind, `SO-1001`: dense, readable and deterministic. Documents
    /// are never deleted, so the next row id of the document's table is one more than the
    /// largest; reading it costs no page write (a counters table would cost one per action).
    func nextID(_ prefix: String) throws -> String {
        guard let table = LedgerTx.documentTables[prefix] else { preconditionFailure("no table for id prefix \(prefix)") }
        let last = try db.leanValue("SELECT COALESCE(MAX(rowid), 0) FROM \(table)") as Int64? ?? 0
        return "\(prefix)-\(1001 + last)"
    }

    static let documentTables = [
        "SO": "orders", "SH": "shipments", "INV": "invoices", "PAY": "payments", "CN": "credit_notes", "WO": "write_offs", "DN": "dunning_notices",
    ]

    // MARK: currencies and FX

    func currency(_ code: String) throws -> Currency {
        if let c = currencyCache[code] { return c }
        guard let c = try currencies.currency(code, db) else {
            throw Invalid("currency \(code) is not set up in this ledger; known: \(try knownCurrencies().joined(separator: ", "))")
        }
        currencyCache[code] = c
        return c
    }

    func knownCurrencies() throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT code FROM currencies ORDER BY code"))
    }

    /// Units of base currency per unit of `currency` on `date`, times 10^9.
    func rateE9(_ currency: Currency, on date: BusinessDate) throws -> Int64 {
        if currency == base { return 1_000_000_000 }
        let sql = "SELECT rate_e9 FROM exchange_rates WHERE currency = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1"
        if let r: Int64 = try db.leanValue(sql, [currency.code, date.iso]) { return r }
        throw Invalid("no exchange rate for \(currency.code) on or before \(date.iso); add one before using this currency")
    }

    /// Converts minor units of `currency` to base minor units at `rateE9`, rounding half away from
    /// zero; a result beyond 64 bits is invalid, naming the argument `field` it came from.
    func toBase(_ minor: Int64, _ currency: Currency, rateE9: Int64, field: String) throws -> Int64 {
        guard let converted = Ledger.convert(minor, from: currency, to: base, rateE9: rateE9) else {
            throw Invalid("args.\(field): \(Money(minor: minor, currency: currency)) in \(base.code) exceeds what the ledger can hold")
        }
        return converted
    }

    /// The sum of amounts; beyond 64 bits it is invalid, naming the argument.
    func sum(_ values: [Int64], field: String) throws -> Int64 {
        do { return try TaxCalculator.total(values) } catch { throw Invalid("args.\(field): the amounts add up to more than the ledger can hold") }
    }

    /// Refuses a document above the configured maximum (`LedgerLimits`), naming the argument.
    func checkDocumentAmount(_ amountBase: Int64, field: String, what: String) throws {
        let max = limits.documentAmountMaxMinor(base)
        guard amountBase.magnitude > UInt64(max) else { return }
        throw Invalid("args.\(field): \(what) of \(Money(minor: amountBase, currency: base)) is more than the \(Money(minor: max, currency: base)) a document may hold in this ledger")
    }

    // MARK: facts

    /// Records the customer's credit position before the action changes it.
    func noteCustomer(_ id: String) throws {
        if facts.customer?.id == id { return }
        if let last = lastCustomer, last.row.id == id {
            facts.customer = last.facts
            return
        }
        facts.customer = try readCustomer(id)?.facts
    }

    /// The customer row and credit position read last, until the action next writes: most
    /// actions need both (`customer` and `noteCustomer`), and one statement reads them.
    private(set) var lastCustomer: (row: CustomerRow, facts: CustomerFacts)?

    /// Reads a customer's row and credit position (nil when there is no such customer).
    func readCustomer(_ id: String) throws -> (row: CustomerRow, facts: CustomerFacts)? {
        guard let p = try LedgerQueries.customerPosition(db, id: id, base: base, today: today) else { return nil }
        let read = (CustomerRow(id: p.facts.id, name: p.name, currency: p.facts.currency, region: p.facts.region, termsDays: p.termsDays,
                                onHold: p.facts.onHold), p.facts)
        lastCustomer = read
        return read
    }

    /// Records the amount at stake.
    func noteAmount(_ amount: Money, base amountBase: Int64) {
        facts.amount = amount
        facts.amountBase = Money(minor: amountBase, currency: base)
    }

    // MARK: events and journal

    /// Queues an event; it is written with the audit record.
    func emit(_ type: String, subject: String, _ payload: JSONValue = .object(JSONObject())) {
        pendingEvents.append((type, subject, payload))
    }

    /// Queues a balanced journal entry in base currency.
    func post(_ memo: String, source: (String, String), date: BusinessDate? = nil, _ postings: [Posting]) {
        let lines = postings.filter { $0.debit != 0 || $0.credit != 0 }
        let debits = lines.reduce(Int64(0)) { $0 + $1.debit }
        let credits = lines.reduce(Int64(0)) { $0 + $1.credit }
        precondition(debits == credits, "unbalanced journal entry '\(memo)': \(debits) != \(credits)")
        guard !lines.isEmpty else { return }
        pendingEntries.append((date ?? today, memo, source.0, source.1, lines))
    }

    /// Writes the audit record, then the journal entries and events that point at it.
    /// `args` is the action's arguments as canonical JSON text.
    func finish(action: ActionName, args: String, result: ActionResult, idempotencyKey: String?, approvalID: String?) throws -> Int64 {
        let seq = try Audit.append(db, at: nowText, actor: actor, action: action.rawValue, args: args,
                                   result: result.json.canonical, idempotencyKey: idempotencyKey, approvalID: approvalID)
        for e in pendingEntries {
            try db.leanExec("INSERT INTO journal_entries (entry_date, memo, source_type, source_id, audit_seq) VALUES (?, ?, ?, ?, ?)",
                            [e.date.iso, e.memo, e.sourceType, e.sourceID, seq])
            let entryID = db.lastInsertedRowID
            for (k, p) in e.postings.enumerated() {
                try db.leanExec("INSERT INTO journal_lines (entry_id, line_no, account, debit_minor, credit_minor) VALUES (?, ?, ?, ?, ?)",
                                [entryID, k + 1, p.account.rawValue, p.debit, p.credit])
            }
        }
        for e in pendingEvents {
            _ = try Ledger.insertEvent(db, type: e.type, subject: e.subject, payload: e.payload, at: nowText, auditSeq: seq)
        }
        return seq
    }

    // MARK: helpers

    func exec(_ sql: String, _ arguments: LeanArguments = []) throws {
        lastCustomer = nil
        try db.leanExec(sql, arguments)
    }

    func row(_ sql: String, _ arguments: LeanArguments = []) throws -> LeanRow? {
        try db.leanRow(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: LeanArguments = []) throws -> [LeanRow] {
        try db.leanRows(sql, arguments)
    }

    /// Parses an amount argument in `currency`, with a message naming the argument.
    func amount(_ text: String, _ currency: Currency, field: String) throws -> Int64 {
        do {
            return try Money.parseMinor(text, exponent: currency.exponent)
        } catch {
            throw Invalid("args.\(field): \(error.description) for \(currency.code)")
        }
    }

    func money(_ minor: Int64, _ code: String) -> String {
        let exp = currencyCache[code]?.exponent ?? Currency.lookup(code)?.exponent ?? 2
        return Money(minor: minor, currency: Currency(code: code, exponent: exp)).description
    }
}

/// A reason an action cannot be done against the ledger as it is, in words a user can act on.
struct Invalid: Error {
    let messages: [String]
    init(_ message: String) { messages = [message] }
    init(messages: [String]) { self.messages = messages }
}
