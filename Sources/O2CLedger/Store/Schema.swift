import GRDB

/// The ledger's migrations (one per file in `Migrations/`): numbered, append-only, never edited
/// once shipped. Each holds its own SQL and no app types, so any earlier database opens.
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration(Migration0001Ledger.id, migrate: Migration0001Ledger.migrate)
        m.registerMigration(Migration0002UsersAndApprovalDecisions.id, migrate: Migration0002UsersAndApprovalDecisions.migrate)
        m.registerMigration(Migration0003AgentRuns.id, migrate: Migration0003AgentRuns.migrate)
        m.registerMigration(Migration0004Trust.id, migrate: Migration0004Trust.migrate)
        m.registerMigration(Migration0005Workflow.id, migrate: Migration0005Workflow.migrate)
        m.registerMigration(Migration0006AgentRunKeys.id, migrate: Migration0006AgentRunKeys.migrate)
        m.registerMigration(Migration0007Documents.id, migrate: Migration0007Documents.migrate)
        m.registerMigration(Migration0008OutboxDunning.id, migrate: Migration0008OutboxDunning.migrate)
        m.registerMigration(Migration0009EInvoice.id, migrate: Migration0009EInvoice.migrate)
        m.registerMigration(Migration0010FastReads.id, migrate: Migration0010FastReads.migrate)
        m.registerMigration(Migration0011EventSubjects.id, migrate: Migration0011EventSubjects.migrate)
        m.registerMigration(Migration0012RunFragments.id, migrate: Migration0012RunFragments.migrate)
        return m
    }
}
