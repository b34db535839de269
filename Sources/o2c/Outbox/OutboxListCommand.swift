import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c outbox list [--status S] [--json] [--limit N]`.
struct OutboxListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List messages, newest first.")
    @Option(help: "Only messages in this status: queued, sent, failed.") var status: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let status, OutboxMessage.Status(rawValue: status) == nil { throw ValidationError("--status must be one of queued, sent, failed") }
    }

    func run() throws {
        let fetched = try ledger.open().outbox(status: status.flatMap(OutboxMessage.Status.init(rawValue:)), limit: listing.fetch)
        let messages = Array(fetched.prefix(listing.cut(fetched.map { $0.json() }, "messages").count))
        if listing.json { return Output.json(.array(messages.map { $0.json() })) }
        if messages.isEmpty { return print("no messages") }
        Output.table(["ID", "DOCUMENT", "TO", "STATUS", "TRIES", "SUBJECT"], messages.map { m in
            [m.id, m.documentID, m.to, m.status.rawValue, "\(m.attempts)", String(m.subject.prefix(60))]
        })
    }
}
