import O2CCore
import O2CLedger

/// `o2c import payments FILE`: a CSV of payments (SPEC §13) or an ISO 20022 camt.053 statement
/// (001.02, 001.08), told apart by the first character. Each payment becomes `record_payment`
/// through the gate with a stable idempotency key (`import-payment:` + the CSV's payment_ref,
/// or the entry's AcctSvcrRef, else NtryRef, else a digest of the entry), so importing a file
/// twice records nothing new.
///
/// A camt.053 file that is not well-formed, has the wrong namespace or breaks the official
/// schema is refused whole before anything is recorded; so is one with an amount or currency
/// the ledger cannot hold. A CSV is checked whole first (structure, header, every row); bad
/// rows are reported and every good row is recorded.
public struct PaymentImporter: Sendable {
    /// The columns a payments CSV must have.
    public static let requiredColumns = ["payment_ref", "date", "amount", "currency"]
    /// Columns it may have.
    public static let optionalColumns = ["payer_name", "payer_account", "reference"]

    /// The ledger (behind the guardrails of whoever imports).
    public let ledger: Ledger
    /// Who imports (the CLI user).
    public let actor: Actor
    /// File limits.
    public let limits: ImportLimits

    /// An importer for `actor` into `ledger`.
    public init(ledger: Ledger, actor: Actor, limits: ImportLimits = ImportLimits()) {
        self.ledger = ledger
        self.actor = actor
        self.limits = limits
    }

    /// Imports the file at `path`, CSV or camt.053.
    public func run(path: String, progress: ((ImportProgress) -> Void)? = nil) throws(DocumentError) -> ImportReport {
        let source = try FileByteSource(path: path)
        let head = try source.nextChunk() ?? []
        if Self.looksLikeXML(head) {
            return try importStatement(bytes: try FileByteSource.readAll(path: path, maxBytes: limits.xmlBytesMax), file: path)
        }
        return try importCSV(file: path, open: { () throws(DocumentError) in try FileByteSource(path: path) }, progress: progress)
    }

    /// Whether the bytes start (after a byte-order mark and blanks) with `<`.
    public static func looksLikeXML(_ head: [UInt8]) -> Bool {
        var k = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while k < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[k]) { k += 1 }
        return k < head.count && head[k] == UInt8(ascii: "<")
    }

    // MARK: camt.053

    /// Imports a camt.053 statement held in memory.
    public func importStatement(bytes: [UInt8], file: String) throws(DocumentError) -> ImportReport {
        let statement = try CamtReader.read(bytes: bytes, file: file)
        let gate = ImportGate(ledger: ledger, actor: actor, file: file)
        let reference = try gate.referenceData()
        var report = ImportReport(file: file, format: statement.version)
        report.rows = statement.entries
        report.skippedEntries = statement.skipped
        // Everything the ledger would refuse for sure is found before anything is recorded.
        var problems: [RejectedRow] = []
        for e in statement.credits {
            switch ValueChecks.currency(e.currency, known: reference.currencies) {
            case .failure(let reason): problems.append(RejectedRow(line: e.line, column: "Amt", reason: reason))
            case .success(let code):
                if case .failure(let reason) = ValueChecks.amount(e.amount, exponent: reference.currencies[code] ?? 2, currency: code, allowZero: false) {
                    problems.append(RejectedRow(line: e.line, column: "Amt", reason: reason))
                }
            }
            if BusinessDate(iso: e.date) == nil { problems.append(RejectedRow(line: e.line, column: "BookgDt", reason: "no booking or value date")) }
        }
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more entr\(problems.count == 2 ? "y" : "ies"))" : ""
            throw DocumentError(.unrecordable, file: file, line: first.line, column: first.column,
                                "entry cannot be recorded: \(first.reason)\(more); nothing was recorded")
        }
        for e in statement.credits {
            var args = JSONObject([("amount", .string(e.amount)), ("currency", .string(e.currency.uppercased())), ("date", .string(e.date))])
            args["payer_name"] = e.payerName.map { .string($0) }
            args["payer_account"] = e.payerAccount.map { .string($0) }
            args["reference"] = e.reference.map { .string($0) }
            args["structured_reference"] = e.structuredReference.map { .string($0) }
            args["end_to_end_id"] = e.endToEndID.map { .string($0) }
            args["payment_ref"] = .string(e.key)
            try Self.submit(args, key: e.key, line: e.line, gate: gate, report: &report)
        }
        return report
    }

    // MARK: CSV

    /// Imports a payments CSV that `open` reads (called once per pass).
    public func importCSV<S: ByteSource>(file: String, open: () throws(DocumentError) -> S,
                                         progress: ((ImportProgress) -> Void)? = nil) throws(DocumentError) -> ImportReport {
        let gate = ImportGate(ledger: ledger, actor: actor, file: file)
        let reference = try gate.referenceData()
        var report = ImportReport(file: file, format: "payments (CSV)")
        var reader = CSVReader(source: try open(), file: file, limits: limits.csv)
        let header = try CSVHeader.read(&reader, required: Self.requiredColumns, optional: Self.optionalColumns, file: file)
        var firstLine: [String: Int] = [:]
        var bad = Set<Int>()
        while let record = try reader.next() {
            report.rows += 1
            if report.rows > limits.rowsMax {
                throw DocumentError(.tooManyRows, file: file, line: record.line, "more than \(limits.rowsMax) rows in one file; split it (nothing was imported)")
            }
            if report.rows % 10_000 == 0 { progress?(ImportProgress(phase: "checking", rows: report.rows, documents: 0, documentsTotal: nil)) }
            var problems = Self.check(record, header: header, reference: reference).problems
            let ref = header.value("payment_ref", in: record)
            if !ref.isEmpty {
                if let earlier = firstLine[ref] {
                    problems.append(RejectedRow(line: record.line, column: "payment_ref", reason: "payment_ref \(ValueChecks.clip(ref)) is already on line \(earlier); each payment once"))
                } else {
                    firstLine[ref] = record.line
                }
            }
            for p in problems { report.reject(p) }
            if !problems.isEmpty { bad.insert(record.line) }
        }
        report.rejectedDocuments = bad.count
        let total = report.rows - bad.count
        reader = CSVReader(source: try open(), file: file, limits: limits.csv)
        _ = try CSVHeader.read(&reader, required: Self.requiredColumns, optional: Self.optionalColumns, file: file)
        var done = 0
        while let record = try reader.next() {
            if done + bad.count >= report.rows { break }
            guard !bad.contains(record.line), let args = Self.check(record, header: header, reference: reference).args else { continue }
            try Self.submit(args, key: header.value("payment_ref", in: record), line: record.line, gate: gate, report: &report)
            done += 1
            if done % 500 == 0 { progress?(ImportProgress(phase: "importing", rows: done, documents: done, documentsTotal: total)) }
        }
        return report
    }

    /// Checks one row; returns the `record_payment` arguments of a good row.
    static func check(_ record: CSVRecord, header: CSVHeader, reference: ImportReferenceData) -> (args: JSONObject?, problems: [RejectedRow]) {
        var problems: [RejectedRow] = []
        func bad(_ column: String?, _ reason: String) { problems.append(RejectedRow(line: record.line, column: column, reason: reason)) }
        guard record.fields.count == header.width else {
            bad(nil, "\(record.fields.count) fields where the header has \(header.width); check the commas and quotes of this row")
            return (nil, problems)
        }
        var args = JSONObject()
        let ref = header.value("payment_ref", in: record)
        if ref.isEmpty { bad("payment_ref", "empty; every payment needs the bank's reference (it makes a re-import safe)") }
        if ref.count > 128 { bad("payment_ref", "longer than 128 characters") }
        args["payment_ref"] = .string(ref)
        switch ValueChecks.date(header.value("date", in: record)) {
        case .success(let d): args["date"] = .string(d.iso)
        case .failure(let reason): bad("date", reason)
        }
        switch ValueChecks.currency(header.value("currency", in: record), known: reference.currencies) {
        case .success(let code):
            args["currency"] = .string(code)
            switch ValueChecks.amount(header.value("amount", in: record), exponent: reference.currencies[code] ?? 2, currency: code, allowZero: false) {
            case .success: args["amount"] = .string(header.value("amount", in: record))
            case .failure(let reason): bad("amount", reason)
            }
        case .failure(let reason): bad("currency", reason)
        }
        for (column, max) in [("payer_name", 200), ("payer_account", 64), ("reference", 500)] {
            let value = header.value(column, in: record)
            if value.isEmpty { continue }
            if value.count > max { bad(column, "longer than \(max) characters") } else { args[column] = .string(value) }
        }
        return (problems.isEmpty ? args : nil, problems)
    }

    // MARK: the gate

    private static func submit(_ args: JSONObject, key: String, line: Int, gate: ImportGate, report: inout ImportReport) throws(DocumentError) {
        try gate.submit(.recordPayment, args, key: "import-payment:" + key, what: "payment \(key)", line: line, report: &report) { m in
            if m.hasPrefix("idempotency key") {
                return RejectedRow(line: line, column: "payment_ref", reason: "payment \(key) was recorded before with other details; a re-import cannot change a payment")
            }
            let column = ["amount", "currency", "date", "payer_name", "payer_account", "reference", "payment_ref"].first { m.hasPrefix("args.\($0)") }
            return RejectedRow(line: line, column: column, reason: "payment \(key) was not recorded: \(m)")
        }
    }
}
