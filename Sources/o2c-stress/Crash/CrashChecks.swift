import Foundation
import O2CCore

/// What must hold after the crash workload, each a named check with what it found.
struct CrashChecks {
    /// One check's outcome.
    struct Check {
        let name: String
        let passed: Bool
        let detail: String
    }

    let probe: LedgerProbe
    let runner: O2CRunner
    let outbox: String

    /// Runs every check. `accepted`: the order refs that were entered (at once or after approval);
    /// `approved`: the requests the approvers approved; `paid`: the payment refs sent in statements.
    func run(accepted: Set<String>, approved: Set<String>, paid: Set<String>, crashes: [String]) throws -> [Check] {
        var out: [Check] = []
        func check(_ name: String, _ problems: [String], _ ok: String) {
            out.append(Check(name: name, passed: problems.isEmpty, detail: problems.isEmpty ? ok : problems.prefix(5).joined(separator: "; ")
                             + (problems.count > 5 ? " (+\(problems.count - 5) more)" : "")))
        }

        // No accepted order lost, none entered twice, each carried to an invoice sent.
        let refs = try probe.pairs("SELECT external_ref, COUNT(*) FROM orders WHERE external_ref LIKE 'CR-%' GROUP BY external_ref")
        let counts = Dictionary(refs.map { ($0.0, Int($0.1) ?? 0) }, uniquingKeysWith: +)
        var lost = accepted.filter { counts[$0] == nil }.sorted().map { "order \($0) was accepted but is not in the ledger" }
        lost += counts.filter { $0.value > 1 }.map { "order \($0.key) is in the ledger \($0.value) times" }
        lost += counts.keys.filter { !accepted.contains($0) }.map { "order \($0) is in the ledger but was never accepted" }
        check("no_order_lost", lost, "\(accepted.count) accepted orders, each once")
        let unsent = try probe.strings("""
            SELECT o.external_ref FROM orders o LEFT JOIN invoices i ON i.order_id = o.id
            WHERE o.external_ref LIKE 'CR-%' AND (i.id IS NULL OR i.sent_at IS NULL)
            """)
        check("every_order_invoiced_and_sent", unsent.map { "order \($0) has no sent invoice" }, "every accepted order invoiced and sent")

        // No posting doubled: one journal entry per document and kind, one shipment per order.
        let doubled = try probe.pairs("""
            SELECT source_type || ' ' || source_id, COUNT(*) FROM journal_entries GROUP BY source_type, source_id, memo HAVING COUNT(*) > 1
            """).map { "journal: \($0.0) posted \($0.1) times" }
        let shipments = try probe.pairs("SELECT order_id, COUNT(*) FROM shipments GROUP BY order_id HAVING COUNT(*) > 1")
            .map { "order \($0.0) shipped \($0.1) times" }
        let entries = try probe.int("SELECT COUNT(*) FROM journal_entries")
        check("no_posting_doubled", doubled + shipments, "\(entries) journal entries, none twice")

        // Trial balance zero, and every entry balanced.
        let total = try probe.int("SELECT SUM(debit_minor) - SUM(credit_minor) FROM journal_lines")
        let unbalanced = try probe.pairs("""
            SELECT entry_id, SUM(debit_minor) - SUM(credit_minor) FROM journal_lines GROUP BY entry_id HAVING SUM(debit_minor) <> SUM(credit_minor)
            """).map { "entry \($0.0) off by \($0.1)" }
        check("trial_balance_zero", (total == 0 ? [] : ["debits - credits = \(total)"]) + unbalanced, "debits = credits")

        // Every approved request executed exactly once.
        let states = try probe.pairs("SELECT id, status FROM approvals")
        let status = Dictionary(states, uniquingKeysWith: { a, _ in a })
        var notOnce = approved.sorted().compactMap { id -> String? in
            status[id] == "executed" ? nil : "\(id) was approved but is \(status[id] ?? "missing")"
        }
        notOnce += try probe.pairs("""
            SELECT a.id, COUNT(*) FROM approvals a JOIN audit_log l ON l.approval_id = a.id AND l.action = a.action GROUP BY a.id HAVING COUNT(*) > 1
            """).map { "\($0.0) executed \($0.1) times" }
        check("approved_actions_executed_once", notOnce, "\(approved.count) approved requests, each executed once")

        // Payments: each credit of a statement recorded once and applied in full.
        let payments = try probe.pairs("SELECT payment_ref, amount_minor - applied_minor FROM payments WHERE payment_ref LIKE 'ST-%'")
        var payProblems = paid.subtracting(payments.map(\.0)).sorted().map { "payment \($0) was sent by the bank but not recorded" }
        payProblems += payments.filter { $0.1 != "0" }.map { "payment \($0.0) has \($0.1) unapplied" }
        payProblems += try probe.pairs("""
            SELECT i.id, i.paid_minor - COALESCE((SELECT SUM(amount_minor) FROM allocations a WHERE a.invoice_id = i.id AND a.reversed = 0), 0)
            FROM invoices i WHERE i.paid_minor <> COALESCE((SELECT SUM(amount_minor) FROM allocations a WHERE a.invoice_id = i.id AND a.reversed = 0), 0)
            """).map { "invoice \($0.0): paid differs from its allocations by \($0.1)" }
        check("payments_applied_once", payProblems, "\(payments.count) payments recorded once and applied in full")

        // Each e-mail sent as one message: every outbox row sent, one .eml per row named after
        // its Message-ID and carrying it, no other file, one row per invoice and notice.
        var mail: [String] = []
        let rows = try probe.pairs("SELECT message_id, status FROM outbox")
        mail += rows.filter { $0.1 != "sent" }.map { "outbox message \($0.0) is \($0.1)" }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? []).filter { $0.hasSuffix(".eml") }
        var idsInFiles: [String: String] = [:]
        for file in files {
            let text = (try? String(contentsOfFile: "\(outbox)/\(file)", encoding: .utf8)) ?? ""
            let header = text.split(separator: "\r\n", omittingEmptySubsequences: false).first { $0.lowercased().hasPrefix("message-id:") }
            let id = header.map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces) } ?? ""
            if let other = idsInFiles[id] { mail.append("\(file) and \(other) carry one Message-ID \(id)") }
            idsInFiles[id] = file
        }
        let known = Set(rows.map { "<\($0.0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")))>" })
        mail += idsInFiles.keys.filter { !known.contains($0) }.sorted().map { "\(idsInFiles[$0] ?? "?") has Message-ID \($0), which no outbox message has" }
        mail += known.subtracting(idsInFiles.keys).sorted().map { "outbox message \($0) has no .eml file" }
        mail += try probe.pairs("SELECT document_id, COUNT(*) FROM outbox GROUP BY document_id HAVING COUNT(*) > 1").map { "\($0.0) has \($0.1) e-mails" }
        check("each_email_one_message", mail, "\(rows.count) messages, \(files.count) .eml files, one each")

        // The worker's jobs all finished; no worker ended by itself.
        let jobs = try probe.pairs("SELECT id || ' ' || kind, status || ': ' || COALESCE(last_error, '') FROM jobs WHERE status <> 'done'")
        check("every_job_done", jobs.map { "\($0.0) is \($0.1)" } + crashes, "every job done, no worker crashed")

        // The audit chain.
        let verify = try runner.run(["audit", "verify"], accept: [0, 1, 2, 3, 4, 5])
        check("audit_verify", verify.status == 0 ? [] : ["o2c audit verify exited \(verify.status): \(verify.stdout.prefix(500))\(verify.stderr.prefix(500))"],
              verify.stdout.split(separator: "\n").first.map(String.init) ?? "ok")
        return out
    }
}
