import ArgumentParser

/// `o2c audit verify`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The hash-chained audit log.",
                                                    subcommands: [AuditVerifyCommand.self])
}
