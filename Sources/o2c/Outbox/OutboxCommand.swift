import ArgumentParser

/// `o2c outbox list|show|sender`: the e-mails the books caused and their delivery.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "E-mails queued by send_invoice and send_dunning_notice, and their delivery.",
                                                    subcommands: [OutboxListCommand.self, OutboxShowCommand.self, OutboxSenderCommand.self])
}
