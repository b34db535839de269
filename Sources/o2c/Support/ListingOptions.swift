import ArgumentParser
import O2CCore

/// `--json` and `--limit` of a listing. A table shows the first 100 rows by default; JSON gets
/// every row unless `--limit` is given. Whenever rows are left out, stderr says so: a script
/// piping JSON never gets a list cut short without a word.
struct ListingOptions: ParsableArguments {
    static let tableRows = 100

    @Flag(name: .long, help: "Print JSON instead of a table: every row unless --limit is given.")
    var json = false

    @Option(help: "At most this many rows (default: \(Self.tableRows) in a table, all with --json).")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }

    /// The rows to show at most; nil for all.
    var shown: Int? { limit ?? (json ? nil : Self.tableRows) }

    /// The rows to fetch: one more than shown, to know whether any are left out (`Int.max`: all).
    var fetch: Int { shown.map { $0 < Int.max ? $0 + 1 : $0 } ?? Int.max }

    /// The rows to print (as fetched with `fetch`); when some are left out, says so on stderr.
    func cut<Row>(_ rows: [Row], _ noun: String) -> [Row] {
        guard let shown, rows.count > shown else { return rows }
        Output.error("showing the first \(shown) \(noun); there are more (--limit N shows more\(json ? "" : ", --json shows all"))")
        return Array(rows.prefix(shown))
    }
}
