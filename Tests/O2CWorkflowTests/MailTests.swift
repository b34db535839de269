import Foundation
import O2CCore
import O2CLedger
import O2CMail
import O2CWorkflow
import Testing

/// E-mail: the outbox row written with the action, delivered by the worker as `.eml` files or
/// over SMTP, the same message on every try, no header injection, no secret anywhere.
@Suite("E-mail outbox and delivery")
struct MailTests {
    @Test func theSMTPURLComesFromTheEnvironmentElseFromO2CYamlAndNeverShowsItsPassword() throws {
        let fromFile = try MailSettings.transport(environment: [:], home: "/srv/o2c", configURL: "smtp://mailer:s3cret-pw@127.0.0.1:2525")
        #expect(fromFile is SMTPTransport)
        #expect(fromFile.destination.contains("127.0.0.1:2525") && !fromFile.destination.contains("s3cret-pw"), "\(fromFile.destination)")
        let fromEnvironment = try MailSettings.transport(environment: ["O2C_SMTP_URL": "smtp://10.0.0.9:25"], home: "/srv/o2c",
                                                         configURL: "smtp://mailer:s3cret-pw@127.0.0.1:2525")
        #expect(fromEnvironment.destination.contains("10.0.0.9"), "the environment wins over o2c.yaml: \(fromEnvironment.destination)")
        let none = try MailSettings.transport(environment: [:], home: "/srv/o2c")
        #expect(none.destination == "file:/srv/o2c/outbox")
        #expect(throws: MailError.self) { try MailSettings.transport(environment: [:], home: "/srv/o2c", configURL: "ftp://x") }
    }

    static let usd = Currency(code: "USD", exponent: 2)

    /// Every LF is preceded by a CR.
    static func hasOnlyCRLF(_ text: String) -> Bool {
        let b = Array(text.utf8)
        return b.indices.allSatisfy { b[$0] != 0x0A || ($0 > 0 && b[$0 - 1] == 0x0D) }
    }

    @Test func anInvoiceSentByTheWorkflowIsMailedAsAnEmlFileWhoseAmountsMatchTheLedger() async throws {
        let f = try WorkflowFixture()
        try f.order("C-001", [("WID-100", 3)])
        let dir = f.dir + "/outbox"
        let report = try await f.mailWorker(FileDropTransport(directory: dir)).drain()
        #expect(report.count(.parked) == 0)
        #expect(report.runs.contains { $0.job.kind == DeliverEmailHandler.kind && $0.detail["outcome"] == "delivered" })
        let inv = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first?.id)
        let messages = try f.ledger.outbox(document: inv)
        try #require(messages.count == 1)
        let m = messages[0]
        #expect(m.status == .sent && m.attempts == 1 && m.kind == "invoice")
        #expect(m.messageID == "<\(inv)@test-co.example>")
        let raw = try String(contentsOfFile: dir + "/\(inv).eml", encoding: .utf8)
        let (headers, body) = splitMessage(raw)
        #expect(Self.hasOnlyCRLF(raw))
        #expect(headers.contains("\r\nMessage-ID: <\(inv)@test-co.example>\r\n"))
        #expect(headers.contains("\r\nTo: \"Acme Corp\" <ap@acme.test>\r\n"))
        #expect(headers.contains("\r\nFrom: billing@test-co.example\r\n"))
        let total = try f.count("SELECT total_minor FROM invoices WHERE id = ?", [inv])
        #expect(total > 0)
        #expect(body.contains("Total: \(Money(minor: Int64(total), currency: Self.usd))"))
        #expect(body.contains("Amount due: \(Money(minor: Int64(total), currency: Self.usd))"))
        // The outbox row and the invoice's sent mark were one transaction.
        #expect(try f.count("SELECT count(*) FROM invoices WHERE sent_at IS NOT NULL") == (try f.count("SELECT count(*) FROM outbox WHERE kind = 'invoice'")))
    }

    /// Found by `o2c-stress crash`: an invoice a person sent while the worker was down was sent
    /// again by the worker's send stage, as a second message with another Message-ID.
    @Test func anInvoiceAPersonSentWhileTheWorkerWasDownIsNotSentAgainByTheWorkflow() async throws {
        let f = try WorkflowFixture()
        let order = try f.order("C-001", [("WID-100", 1)])
        for action in [ActionName.reserveStock, .shipOrder, .issueInvoice] {
            guard case .executed = try f.ledger.submit(ActionRequest(action: action, args: ["order_id": .string(order)], actor: .user("alice"))) else {
                Issue.record("\(action.rawValue) was not executed"); return
            }
        }
        let invoice = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first?.id)
        guard case .executed = try f.ledger.submit(ActionRequest(action: .sendInvoice, args: ["invoice_id": .string(invoice)], actor: .user("alice"))) else {
            Issue.record("the person's send was not executed"); return
        }
        let report = try await f.mailWorker(FileDropTransport(directory: f.dir + "/outbox")).drain()
        #expect(report.runs.contains { $0.job.kind == JobKind.sendInvoice && $0.detail["outcome"]?.stringValue == "skipped" })
        #expect(try f.ledger.outbox(document: invoice).count == 1, "one e-mail for the invoice")
        let files = try FileManager.default.contentsOfDirectory(atPath: f.dir + "/outbox").filter { $0.hasSuffix(".eml") }
        #expect(files == ["\(invoice).eml"])
    }

    @Test func aResendAfterACrashIsTheSameMessageAndADeliveredMessageIsNotSentAgain() async throws {
        let f = try WorkflowFixture()
        try f.order("C-001", [("WID-100", 2)])
        let dir = f.dir + "/outbox"
        let transport = FileDropTransport(directory: dir)
        let worker = try f.mailWorker(transport)
        _ = try await worker.drain()
        let inv = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first?.id)
        let m = try #require(try f.ledger.outbox(document: inv).first)
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(inv).eml"))
        // A worker that died after delivering but before recording it delivers again: the same bytes, the same file.
        let again = try #require(DeliverEmailHandler.mail(try f.ledger.outboxMessage(m.id)))
        #expect(try transport.deliver(again) == "file:" + dir + "/\(inv).eml")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/\(inv).eml")) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".eml") }.count == 1)
        // The workflow's send replayed by its gate key queues nothing new.
        _ = try f.ledger.submit(ActionRequest(action: .sendInvoice, args: ["invoice_id": .string(inv)], actor: .workflow, idempotencyKey: "wf:send_invoice:\(inv)"))
        #expect(try f.ledger.outbox(document: inv).count == 1)
        // A second delivery job for a message already sent sends nothing.
        try f.ledger.enqueue(NewJob(kind: DeliverEmailHandler.kind, key: "deliver_email:again:\(m.id)", subject: m.id))
        let report = try await worker.drain()
        #expect(report.runs.contains { $0.detail["outcome"] == "already_sent" })
        #expect(try f.ledger.outboxMessage(m.id).attempts == 1)
        // A deliberate resend by a person is a new message with its own stable id.
        _ = try f.ledger.submit(ActionRequest(action: .sendInvoice, args: ["invoice_id": .string(inv)], actor: .user("alice")))
        #expect(try f.ledger.outbox(document: inv).map(\.messageID).sorted() == ["<\(inv).2@test-co.example>", "<\(inv)@test-co.example>"])
    }

    @Test func aLineBreakInACustomersNameOrEmailCannotAddAHeader() async throws {
        var data = WorkflowFixture.masterData()
        data.customers.append(.init(id: "C-009", name: "Evil Corp\r\nBcc: victim@else.test", currency: "USD", paymentTermsDays: 30,
                                    creditLimitMinor: 5_000_000, owner: "sam", email: "ap@evil.test", region: "US-CA"))
        data.customers.append(.init(id: "C-010", name: "Sneaky Ltd", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 5_000_000,
                                    owner: "sam", email: "ap@sneaky.test\r\nBcc: victim@else.test", region: "US-CA"))
        let f = try WorkflowFixture(masterData: data)
        try f.order("C-009", [("WID-100", 1)])
        try f.order("C-010", [("WID-100", 1)])
        let dir = f.dir + "/outbox"
        let report = try await f.mailWorker(FileDropTransport(directory: dir)).drain()
        // The name is folded into one quoted header line.
        let evil = try #require(try f.ledger.invoices(ListFilter(customerID: "C-009")).first?.id)
        let (headers, _) = splitMessage(try String(contentsOfFile: dir + "/\(evil).eml", encoding: .utf8))
        let lines = headers.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(lines.filter { $0.hasPrefix("To: ") } == ["To: \"Evil Corp Bcc: victim@else.test\" <ap@evil.test>"])
        // An address with a line break is refused: the invoice is not marked sent and no mail is queued.
        let sneaky = try #require(try f.ledger.invoices(ListFilter(customerID: "C-010")).first?.id)
        #expect(try f.ledger.outbox(document: sneaky).isEmpty)
        #expect(try f.count("SELECT count(*) FROM invoices WHERE id = ? AND sent_at IS NULL", [sneaky]) == 1)
        let skipped = try #require(report.runs.first { $0.job.kind == JobKind.sendInvoice && $0.job.subject == sneaky })
        #expect(skipped.detail["reason"]?.stringValue?.contains("has no usable e-mail address") == true)
        // A subject with a line break stays one header line.
        let mail = MailMessage(from: try #require(EmailAddress("billing@test-co.example")), to: try #require(EmailAddress("ap@acme.test")),
                               toName: "Acme", subject: "Hello\r\nBcc: victim@else.test\nX-Evil: 1", body: "hi", messageID: "<x@test-co.example>",
                               date: Date(timeIntervalSince1970: 0))
        let rendered = splitMessage(String(decoding: mail.rendered, as: UTF8.self)).headers.components(separatedBy: "\r\n")
        #expect(!rendered.contains { $0.lowercased().hasPrefix("bcc:") || $0.hasPrefix("X-Evil") })
        #expect(EmailAddress("ap@acme.test\r\nBcc: victim@else.test") == nil)
        #expect(EmailAddress("a@b.test, c@d.test") == nil)
    }

    @Test func aHugeMessageIsRefusedWholeAndListingsStayBounded() async throws {
        let f = try WorkflowFixture()
        try f.order("C-001", [("WID-100", 1)])
        try f.order("C-004", [("WID-100", 1)])
        _ = try await f.mailWorker(FileDropTransport(directory: f.dir + "/outbox")).drain()
        let inv = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first?.id)
        f.clock.advance(seconds: 40 * 86_400)
        // A body past the action's limit is refused before anything is written.
        let huge = try f.ledger.submit(ActionRequest(action: .sendDunningNotice, args: [
            "customer_id": "C-001", "invoice_ids": .array([.string(inv)]), "level": 1, "body": .string(String(repeating: "pay now ", count: 2_600)),
        ], actor: .user("alice")))
        guard case .invalid(let messages) = huge else { Issue.record("a 20,800-character body was accepted: \(huge.json.serialized())"); return }
        #expect(messages.joined().contains("body"))
        #expect(try f.count("SELECT count(*) FROM dunning_notices") == 0)
        #expect(try f.count("SELECT count(*) FROM outbox WHERE kind = 'dunning'") == 0)
        // Listings are bounded whatever is asked.
        #expect(try f.ledger.outbox(limit: 1).count == 1)
        #expect(try f.ledger.outbox(limit: -5).count == 1)
        #expect(try f.ledger.outbox(limit: Int.max).count == 2)
    }

    @Test func theSMTPPasswordAppearsInNoErrorJobOutboxRowOrDatabase() async throws {
        let f = try WorkflowFixture()
        try f.order("C-001", [("WID-100", 1)])
        let secret = "Sup3rS3cretPw"
        // Port 1 on this machine: nothing listens, every try fails.
        let url = try SMTPURL("smtp://mailer:\(secret)@127.0.0.1:1")
        #expect(!url.description.contains(secret) && !url.redacted.contains(secret))
        let report = try await f.mailWorker(SMTPTransport(url: url, connectTimeoutSeconds: 2, timeoutSeconds: 5)).drain()
        let parked = try #require(report.runs.last { $0.job.kind == DeliverEmailHandler.kind })
        #expect(parked.outcome == .parked)
        let m = try #require(try f.ledger.outbox(status: .failed).first)
        #expect(m.attempts == 6)
        let error = try #require(m.lastError)
        #expect(error.contains("smtp://127.0.0.1:1") && !error.contains(secret))
        for file in [f.path, f.path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the password")
        }
        // A malformed URL's error does not repeat it.
        #expect(throws: MailError.self) { try SMTPURL("ftp://mailer:\(secret)@example.com") }
        do { _ = try SMTPURL("ftp://mailer:\(secret)@example.com") } catch { #expect(!error.message.contains(secret)) }
    }

    @Test func theSameOutboxMessageIsDeliveredToARealSMTPServer() async throws {
        try await SMTPTestServer.run { server in
        let f = try WorkflowFixture()
        try f.order("C-004", [("WID-100", 2)])
        let report = try await f.mailWorker(SMTPTransport(url: try SMTPURL(server.url(credentials: "mailer:An0therSecret")))).drain()
        #expect(report.count(.parked) == 0)
        let inv = try #require(try f.ledger.invoices(ListFilter(customerID: "C-004")).first?.id)
        let got = try server.received()
        try #require(got.count == 1)
        #expect(got[0].recipients == ["ap@tiny.test"])
        let (headers, body) = splitMessage(got[0].text)
        #expect(headers.contains("Message-ID: <\(inv)@test-co.example>"))
        #expect(body.contains("invoice \(inv)"))
        let m = try #require(try f.ledger.outbox(document: inv).first)
        #expect(m.status == .sent && m.transport == "smtp://127.0.0.1:\(server.port)")
        }
    }
}
