import GRDB

/// Migration `0012-run-fragments`: the parts every model request of an agent repeats (its
/// system prompt and its tool list, about 9 KB), stored once by their SHA-256 instead of in every
/// request of every trace (three times a run). A trace's model step names them in
/// `request_parts`; reading the run puts the request back together, byte for byte.
/// Shipped: never edit it; add a new migration instead.
enum Migration0012RunFragments {
    static let id = "0012-run-fragments"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE agent_run_fragments (digest TEXT PRIMARY KEY, body TEXT NOT NULL)")
    }
}
