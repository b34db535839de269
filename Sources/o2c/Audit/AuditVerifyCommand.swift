import ArgumentParser

/// `o2c audit verify [--expect-head HASH]`.
struct AuditVerifyCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no audit record was changed or removed, in the middle or at the end; print the head hash.",
        discussion: """
            Walks the hash chain, then checks that every audit record a journal entry, event, approval request or decision
            names is there and wrote it (so cutting the tail of the log is seen). Keep the head hash somewhere else and
            pass it back with --expect-head to catch the removal of records no document names. Exit code 1 when broken.
            """)
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("expect-head"), help: "A head hash printed earlier: it must still be in the chain.") var expectHead: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let expectHead, expectHead.count != 64 || !expectHead.allSatisfy(\.isHexDigit) {
            throw ValidationError("--expect-head must be the 64 hex digits 'o2c audit verify' printed")
        }
    }

    func run() throws {
        let v = try ledger.open().verifyAudit(expectHead: expectHead?.lowercased())
        if output.json {
            Output.json(v.json)
        } else if v.ok {
            print("audit log intact: \(v.records) records, head \(v.headHash ?? "(empty)")")
        }
        if !v.ok { throw CLIExit(code: 1, message: output.json ? nil : "audit log broken at record \(v.firstBroken ?? 0): \(v.problem ?? "")") }
    }
}
