import O2CCore

/// A row (or statement entry) that was not imported, and why.
public struct RejectedRow: Sendable, Hashable {
    /// The line in the file (the header is line 1).
    public let line: Int
    /// The column (CSV) or element (camt.053) at fault, when one is.
    public let column: String?
    /// What is wrong, in words a person can act on.
    public let reason: String

    /// A rejected row.
    public init(line: Int, column: String?, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `{line, column, reason}`.
    public var json: JSONValue {
        ["line": .int(line), "column": column.map { .string($0) } ?? .null, "reason": .string(reason)]
    }
}

/// What an import did. `imported` counts documents created now, `skipped` those an earlier
/// import of the same file already created (idempotency keys), `rejected` every bad row.
public struct ImportReport: Sendable {
    /// The file.
    public var file: String
    /// `orders`, `payments (CSV)` or the camt.053 version.
    public var format: String
    /// Data rows (CSV) or statement entries read.
    public var rows = 0
    /// Documents created by this import.
    public var imported = 0
    /// Documents already there from an earlier import of the same data.
    public var skipped = 0
    /// Documents parked in the approval queue by a guardrail, with the approval ids.
    public var pendingApproval: [String] = []
    /// Bad rows, at most `rejectedListedMax` of them listed.
    public var rejected: [RejectedRow] = []
    /// Bad rows in all (more than the list holds when it was cut).
    public var rejectedCount = 0
    /// Orders (or payments) refused whole because of a bad row.
    public var rejectedDocuments = 0
    /// The ids of documents created now (at most `createdListedMax`).
    public var created: [String] = []
    /// Statement entries skipped and why (`debit`, `not_booked`, `reversal`), camt.053 only.
    public var skippedEntries: [String: Int] = [:]

    /// Rejected rows listed in a report; the rest are counted.
    public static let rejectedListedMax = 1000
    /// Created ids listed in a report; the rest are counted.
    public static let createdListedMax = 10_000

    /// An empty report.
    public init(file: String, format: String) {
        self.file = file
        self.format = format
    }

    mutating func reject(_ row: RejectedRow) {
        rejectedCount += 1
        if rejected.count < Self.rejectedListedMax { rejected.append(row) }
    }

    mutating func noteCreated(_ id: String) {
        imported += 1
        if created.count < Self.createdListedMax { created.append(id) }
    }

    /// `{imported, skipped, rejected: [{line, column, reason}], ...}` (SPEC §13 and more).
    public var json: JSONValue {
        var o = JSONObject([
            ("imported", .int(imported)), ("skipped", .int(skipped)), ("rejected", .array(rejected.map(\.json))),
            ("rejected_rows", .int(rejectedCount)), ("rejected_documents", .int(rejectedDocuments)),
            ("pending_approval", .array(pendingApproval.map { .string($0) })), ("rows", .int(rows)),
            ("file", .string(file)), ("format", .string(format)), ("created", .array(created.map { .string($0) })),
        ])
        if !skippedEntries.isEmpty {
            o["skipped_entries"] = .object(JSONObject(skippedEntries.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
        }
        return .object(o)
    }
}

/// How far an import is, for a progress line on a terminal.
public struct ImportProgress: Sendable {
    /// `checking` (the first pass over the file) or `importing`.
    public let phase: String
    /// Rows read in this phase.
    public let rows: Int
    /// Documents submitted so far (importing).
    public let documents: Int
    /// Documents in the file, once the first pass knows.
    public let documentsTotal: Int?
}

/// The limits of one import, so a hostile file cannot exhaust memory or run for ever.
public struct ImportLimits: Sendable {
    /// Data rows in one file (the first pass refuses a longer file before anything is written).
    public var rowsMax: Int
    /// CSV record limits.
    public var csv: CSVLimits
    /// Bytes of an XML statement (it is parsed as a whole).
    public var xmlBytesMax: Int

    /// Limits: 2,000,000 rows, 1 MiB per record, 50 MiB of XML by default.
    public init(rowsMax: Int = 2_000_000, csv: CSVLimits = CSVLimits(), xmlBytesMax: Int = 50 * 1_048_576) {
        self.rowsMax = rowsMax
        self.csv = csv
        self.xmlBytesMax = xmlBytesMax
    }
}
