import O2CCore
import O2CLedger

/// The dunning e-mail, drafted from the ledger so every amount and invoice number is right.
enum DunningDraft {
    static func level(forDaysOverdue days: Int) -> Int { days > 60 ? 3 : days > 30 ? 2 : 1 }

    static func draft(customer: CustomerView, requestedLevel: JSONValue?, ledger: Ledger) -> ToolOutput {
        let cid = customer.id
        let overdue: [InvoiceView]
        do {
            overdue = try ledger.invoices(ListFilter(customerID: cid, status: "overdue", limit: 100)).filter { !$0.disputed }
        } catch {
            return .error("could not read the invoices of \(cid)")
        }
        guard !overdue.isEmpty else { return .result(["customer_id": .string(cid), "note": "no overdue, undisputed invoices: nothing to send"]) }
        let maxDays = Int(overdue.map(\.daysOverdue).max() ?? 0)
        var lvl = level(forDaysOverdue: maxDays)
        if case .number(let n)? = requestedLevel, let r = Int(n), (1...3).contains(r) { lvl = r }
        let name = customer.name
        let lines = overdue.map { i in "- \(i.id): \(i.openAmount) \(i.currency), due \(i.dueDate) (\(i.daysOverdue) days overdue)" }.joined(separator: "\n")
        var totals: [String: Int64] = [:]
        for i in overdue {
            totals[i.currency, default: 0] += (try? Money.parseMinor(i.openAmount, exponent: 2)) ?? 0
        }
        let total = totals.sorted { $0.key < $1.key }.map { "\(Money.format(minor: $0.value, exponent: 2)) \($0.key)" }.joined(separator: " and ")
        let subject: String
        let opening: String
        let closing: String
        switch lvl {
        case 1:
            subject = "Friendly reminder: invoices past due"
            opening = "We hope all is well. Our records show the following invoices are past their due date:"
            closing = "If you have already paid, please ignore this message. Otherwise we would appreciate payment at your earliest convenience."
        case 2:
            subject = "Second reminder: overdue invoices"
            opening = "We wrote to you recently about the following overdue invoices, which remain unpaid:"
            closing = "Please arrange payment within 7 days, or reply to let us know when we can expect it."
        default:
            subject = "Final notice: overdue invoices"
            opening = "This is our final notice about the following invoices, which are seriously overdue:"
            closing = "Please pay within 7 days. If we do not hear from you, we will place your account on credit hold and may refer it to our collections partner."
        }
        let body = "Dear \(name) accounts payable team,\n\n\(opening)\n\n\(lines)\n\nTotal overdue: \(total).\n\n\(closing)\n\nKind regards,\nAccounts Receivable"
        return .result(["customer_id": .string(cid), "level": .int(lvl), "invoice_ids": .array(overdue.map { .string($0.id) }),
                        "subject": .string(subject), "body": .string(body), "total_overdue": .string(total)])
    }
}
