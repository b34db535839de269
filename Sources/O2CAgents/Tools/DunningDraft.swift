import O2CCore
import O2CLedger

/// The dunning e-mail, drafted from the ledger so every amount and invoice number is right.
enum DunningDraft {
    static func level(forDaysOverdue days: Int) -> Int { days > 60 ? 3 : days > 30 ? 2 : 1 }

    static func draft(customer: JSONValue, requestedLevel: JSONValue?, ledger: Ledger) -> ToolOutput {
        guard let cid = customer["id"]?.stringValue else { return .error("unknown customer") }
        let overdue: [JSONValue]
        do {
            overdue = try ledger.invoices(ListFilter(customerID: cid, status: "overdue", limit: 100)).filter { $0["disputed"] == .bool(false) }
        } catch {
            return .error("could not read the invoices of \(cid)")
        }
        guard !overdue.isEmpty else { return .result(["customer_id": .string(cid), "note": "no overdue, undisputed invoices: nothing to send"]) }
        func days(_ i: JSONValue) -> Int { Int(i["days_overdue"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? "0") ?? 0 }
        let maxDays = overdue.map(days).max() ?? 0
        var lvl = level(forDaysOverdue: maxDays)
        if case .number(let n)? = requestedLevel, let r = Int(n), (1...3).contains(r) { lvl = r }
        let name = customer["name"]?.stringValue ?? cid
        let lines = overdue.map { i in
            "- \(i["id"]?.stringValue ?? ""): \(i["open_amount"]?.stringValue ?? "") \(i["currency"]?.stringValue ?? ""), due \(i["due_date"]?.stringValue ?? "") (\(days(i)) days overdue)"
        }.joined(separator: "\n")
        var totals: [String: Int64] = [:]
        for i in overdue {
            let cur = i["currency"]?.stringValue ?? ""
            totals[cur, default: 0] += (try? Money.parseMinor(i["open_amount"]?.stringValue ?? "0", exponent: 2)) ?? 0
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
        return .result(["customer_id": .string(cid), "level": .int(lvl), "invoice_ids": .array(overdue.compactMap { $0["id"] }),
                        "subject": .string(subject), "body": .string(body), "total_overdue": .string(total)])
    }
}
