import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c outbox list|show|sender`: the e-mails the books caused and their delivery.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "E-mails queued by send_invoice and send_dunning_notice, and their delivery.",
                                                    subcommands: [List.self, Show.self, Sender.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first.")
        @Option(help: "Only messages in this status: queued, sent, failed.") var status: String?
        @Option(help: "At most this many.") var limit = 100
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let status, OutboxMessage.Status(rawValue: status) == nil { throw ValidationError("--status must be one of queued, sent, failed") }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() throws {
            let messages = try ledger.open().outbox(status: status.flatMap(OutboxMessage.Status.init(rawValue:)), limit: limit)
            if output.json { return Output.json(.array(messages.map { $0.json() })) }
            if messages.isEmpty { return print("no messages") }
            Output.table(["ID", "DOCUMENT", "TO", "STATUS", "TRIES", "SUBJECT"], messages.map { m in
                [m.id, m.documentID, m.to, m.status.rawValue, "\(m.attempts)", String(m.subject.prefix(60))]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One message with its body (by MAIL-n or Message-ID).")
        @Argument(help: "MAIL-n or <Message-ID>.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let m = try ledger.open().outboxMessage(id)
            if output.json { return Output.json(m.json(body: true)) }
            print("\(m.id) \(m.messageID) \(m.status.rawValue), \(m.attempts) tries\(m.transport.map { " via \($0)" } ?? "")")
            if let e = m.lastError { print("last error: \(e)") }
            print("From: \(m.from)\nTo: \(m.toName) <\(m.to)>\nSubject: \(m.subject)\n\n\(m.body)")
        }
    }

    struct Sender: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show or set the company's sender address (its domain names every Message-ID; audited).")
        @Argument(help: "The new sender address; none shows the current one.") var address: String?
        @Option(name: .customLong("as"), help: "Who changes it (default: $O2C_USER, else system:operator).") var actorName: String?
        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            let opened = try ledger.open()
            if let address { try opened.setMailSender(address, actor: try OperatorActor.resolve(actorName)) }
            print(try opened.mailSender())
        }
    }
}
