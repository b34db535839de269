import Foundation
import GRDB
import O2CCore

/// Queues the e-mail an action causes, inside the action's own transaction (the outbox pattern):
/// the row commits with the action or not at all. The recipient must be one plain address (a
/// customer's e-mail with a line break, a list or a display name is refused, naming the field
/// to fix); the subject and the recipient's name are folded to one header line.
enum Outbox {
    /// Longest body the outbox accepts (the action's own limits keep the usual ones far below).
    static let bodyMaxCharacters = 65_536

    /// Queues one message about `documentID` to the customer; returns its outbox id (`MAIL-n`).
    @discardableResult
    static func queue(_ tx: LedgerTx, kind: String, documentID: String, customerID: String, subject: String, body: String) throws -> String {
        guard let c = try tx.row("SELECT name, email FROM customers WHERE id = ?", [customerID]) else {
            throw Invalid("customer \(customerID) does not exist")
        }
        let email: String = c[1], name: String = c[0]
        if let problem = EmailAddress.problem(email) {
            throw Invalid("customer \(customerID) has no usable e-mail address ('\(EmailAddress.headerText(email, maxCharacters: 80))': \(problem)); correct the customer's e-mail, then send again")
        }
        guard body.count <= bodyMaxCharacters else {
            throw Invalid("the e-mail body is \(body.count) characters; at most \(bodyMaxCharacters)")
        }
        let from = try sender(tx.db)
        let sent = try Int.fetchOne(tx.db.cachedStatement(sql: "SELECT count(*) FROM outbox WHERE document_id = ? AND kind = ?"),
                                    arguments: [documentID, kind]) ?? 0
        let domain = EmailAddress(from)?.domain ?? "o2c.invalid"
        // Stable: the document (and, for a deliberate resend of an invoice, the how-many-th).
        let messageID = "<\(documentID)\(sent == 0 ? "" : ".\(sent + 1)")@\(domain)>"
        let seq = (try Int64.fetchOne(tx.db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM outbox")) ?? 0) + 1
        let id = "MAIL-\(1000 + seq)"
        try tx.exec("""
            INSERT INTO outbox (seq, id, message_id, kind, document_id, customer_id, from_address, to_address, to_name, subject, body,
                                status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            """, [seq, id, messageID, kind, documentID, customerID, from, email, EmailAddress.headerText(name),
                  EmailAddress.headerText(subject, maxCharacters: 998), normalizedBody(body), tx.nowText, tx.nowText])
        return id
    }

    /// The company's sender address: `company.mail_from`, else `billing@` and the company name
    /// as a domain under `.example` (set a real one with `o2c outbox sender`).
    static func sender(_ db: Database) throws -> String {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT name, mail_from FROM company WHERE id = 1"))
        if let from: String = row?[1], EmailAddress(from) != nil { return from }
        let name: String = row?[0] ?? "o2c"
        var slug = ""
        for ch in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) { slug.unicodeScalars.append(ch) } else if !slug.hasSuffix("-") && !slug.isEmpty { slug += "-" }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return "billing@\(slug.isEmpty ? "o2c" : String(slug.prefix(60))).example"
    }

    /// Line breaks as LF, no other control characters but TAB.
    static func normalizedBody(_ body: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in body.unicodeScalars {
            if s == "\r" { out.append("\n"); previousCR = true; continue }
            defer { previousCR = false }
            if s == "\n" { if !previousCR { out.append(s) }; continue }
            if s == "\t" || !(s.value < 0x20 || s.value == 0x7F) { out.append(s) }
        }
        return String(out)
    }

    /// The invoice e-mail: what is owed, by when, for what.
    static func invoiceMail(_ tx: LedgerTx, invoiceID: String) throws -> (subject: String, body: String) {
        guard let inv = try tx.row("""
            SELECT i.customer_id, c.name, i.currency, i.issue_date, i.due_date, i.net_minor, i.tax_minor, i.total_minor, i.open_minor, i.order_id,
                   (SELECT name FROM company WHERE id = 1)
            FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?
            """, [invoiceID]) else { throw Invalid("invoice \(invoiceID) does not exist") }
        let code: String = inv[2]
        let currency = try tx.currency(code)
        func m(_ minor: Int64) -> String { Money(minor: minor, currency: currency).description }
        let lines = try tx.rows("SELECT description, quantity, unit_price_minor, net_minor FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no", [invoiceID])
        let company: String = inv[10], customerName: String = inv[1], due: String = inv[4]
        var body = "Dear \(EmailAddress.headerText(customerName)),\n\nplease find invoice \(invoiceID) for order \(inv[9] as String), issued \(inv[3] as String).\n\n"
        for l in lines {
            body += "  \(EmailAddress.headerText(l[0] as String, maxCharacters: 80)) × \(l[1] as Int64) at \(m(l[2])): \(m(l[3]))\n"
        }
        body += "\n  Net: \(m(inv[5]))\n  Tax: \(m(inv[6]))\n  Total: \(m(inv[7]))\n\n"
        body += "Amount due: \(m(inv[8])) by \(due). Please quote \(invoiceID) with your payment.\n\nKind regards,\n\(company)\n"
        return ("Invoice \(invoiceID) from \(company): \(m(inv[7])) due \(due)", body)
    }
}
