import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c outbox sender [ADDRESS]`.
struct OutboxSenderCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "sender", abstract: "Show or set the company's sender address (its domain names every Message-ID; audited).")
    @Argument(help: "The new sender address; none shows the current one.") var address: String?
    @Option(name: .customLong("as"), help: "Who changes it (default: $O2C_USER, else system:operator).") var actorName: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let opened = try address == nil ? ledger.open() : ledger.openForOperator()
        if let address { try opened.setMailSender(address, actor: try OperatorActor.resolve(actorName)) }
        print(try opened.mailSender())
    }
}
