import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c outbox show MAIL-n|<Message-ID>`.
struct OutboxShowCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One message with its body (by MAIL-n or Message-ID).")
    @Argument(help: "MAIL-n or <Message-ID>.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let m = try ledger.open().outboxMessage(id)
        if output.json { return Output.json(m.json(body: true)) }
        print("\(m.id) \(m.messageID) \(m.status.rawValue), \(m.attempts) tries\(m.transport.map { " via \($0)" } ?? "")")
        if let e = m.lastError { print("last error: \(e)") }
        print("From: \(m.from)\nTo: \(m.toName) <\(m.to)>\nSubject: \(m.subject)\n\n\(m.body)")
    }
}
