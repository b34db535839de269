import O2CCore
import O2CLedger

/// `o2c import orders FILE.csv`: rows with the same `order_ref` form one order, created through
/// the gate (`create_order` with `external_ref` = order_ref, idempotency key
/// `import-order:ORDER_REF`, so importing a file twice creates nothing new).
///
/// Two streamed passes, one record in memory at a time. The first checks the structure (a
/// broken CSV, a missing column or too many rows refuses the whole file before anything is
/// written) and every row, and remembers which orders have a bad row; the second submits each
/// good order. An order with any bad row is rejected whole. An order's rows must be consecutive:
/// rows of an order_ref that appear again after other orders are rejected, with the order.
public struct OrderImporter: Sendable {
    /// The columns a file must have.
    public static let requiredColumns = ["order_ref", "customer_id", "sku", "quantity"]
    /// Columns a file may have (empty values are allowed in them).
    public static let optionalColumns = ["unit_price", "currency", "requested_date"]
    /// Lines one order may have (the gate's limit for `create_order`).
    public static let linesPerOrderMax = 500

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

    /// Imports the CSV file at `path`.
    public func run(path: String, progress: ((ImportProgress) -> Void)? = nil) throws(DocumentError) -> ImportReport {
        try run(file: path, open: { () throws(DocumentError) in try FileByteSource(path: path) }, progress: progress)
    }

    /// Imports the CSV that `open` reads (called once per pass); `file` names it in messages.
    public func run<S: ByteSource>(file: String, open: () throws(DocumentError) -> S,
                                   progress: ((ImportProgress) -> Void)? = nil) throws(DocumentError) -> ImportReport {
        let gate = ImportGate(ledger: ledger, actor: actor, file: file)
        let reference = try gate.referenceData()
        var checker = OrderRowChecker(reference: reference)
        var report = ImportReport(file: file, format: "orders")

        // Pass 1: structure and rows.
        var reader = CSVReader(source: try open(), file: file, limits: limits.csv)
        let header = try CSVHeader.read(&reader, required: Self.requiredColumns, optional: Self.optionalColumns, file: file)
        var tracker = OrderGroupTracker()
        while let record = try reader.next() {
            report.rows += 1
            if report.rows > limits.rowsMax {
                throw DocumentError(.tooManyRows, file: file, line: record.line,
                                    "more than \(limits.rowsMax) rows in one file; split it (nothing was imported)")
            }
            if report.rows % 10_000 == 0 { progress?(ImportProgress(phase: "checking", rows: report.rows, documents: 0, documentsTotal: nil)) }
            var problems = checker.check(record, header: header).problems
            let ref = header.value("order_ref", in: record)
            if !ref.isEmpty {
                let customerID = header.value("customer_id", in: record)
                let currency = header.value("currency", in: record).uppercased()
                problems += tracker.place(ref: ref, record: record, header: header,
                                          currency: currency.isEmpty ? (reference.customers[customerID]?.currency ?? "") : currency)
            }
            for p in problems { report.reject(p) }
            if !problems.isEmpty, !ref.isEmpty { tracker.bad.insert(ref) }
        }
        let ordersTotal = tracker.orders
        report.rejectedDocuments = tracker.bad.count

        // Pass 2: submit each good order.
        reader = CSVReader(source: try open(), file: file, limits: limits.csv)
        _ = try CSVHeader.read(&reader, required: Self.requiredColumns, optional: Self.optionalColumns, file: file)
        var group: [(OrderRow, Int)] = []  // the rows of the order being read, with their lines
        var submitted = 0
        var rows = 0
        func flush() throws(DocumentError) {
            guard !group.isEmpty else { return }
            defer { group.removeAll(keepingCapacity: true) }
            try submit(group.map(\.0), gate: gate, report: &report)
            submitted += 1
            if submitted % 500 == 0 { progress?(ImportProgress(phase: "importing", rows: rows, documents: submitted, documentsTotal: ordersTotal)) }
        }
        while let record = try reader.next() {
            rows += 1
            if rows > limits.rowsMax { break }
            let ref = header.value("order_ref", in: record)
            if ref != group.first?.0.ref { try flush() }
            guard !ref.isEmpty, !tracker.bad.contains(ref) else { continue }
            guard let row = checker.check(record, header: header).row else {
                // The file changed between the passes: this order is not imported.
                tracker.bad.insert(ref)
                group.removeAll()
                report.reject(RejectedRow(line: record.line, column: nil, reason: "the row changed while the file was imported; import the file again"))
                continue
            }
            group.append((row, record.line))
        }
        try flush()
        progress?(ImportProgress(phase: "importing", rows: rows, documents: submitted, documentsTotal: ordersTotal))
        return report
    }

    /// Submits one order through the gate and notes the outcome.
    private func submit(_ rows: [OrderRow], gate: ImportGate, report: inout ImportReport) throws(DocumentError) {
        guard let first = rows.first else { return }
        var args = JSONObject()
        args["customer_id"] = .string(first.customerID)
        args["lines"] = .array(rows.map { r in
            var l: JSONObject = ["sku": .string(r.sku), "quantity": .int(r.quantity)]
            if let p = r.unitPrice { l["unit_price"] = .string(p) }
            return .object(l)
        })
        args["currency"] = first.currency.map { .string($0) }
        args["requested_date"] = first.requestedDate.map { .string($0) }
        args["external_ref"] = .string(first.ref)
        try gate.submit(.createOrder, args, key: "import-order:" + first.ref, what: "order \(first.ref)", line: first.line, report: &report) { m in
            Self.placed(m, rows: rows)
        }
    }

    /// Places a gate message (`args.lines[2].quantity: ...`) on the row and column it is about.
    static func placed(_ message: String, rows: [OrderRow]) -> RejectedRow {
        let ref = rows.first?.ref ?? ""
        let line = rows.first?.line ?? 0
        if message.hasPrefix("idempotency key") {
            return RejectedRow(line: line, column: "order_ref",
                               reason: "order \(ref) was imported before with other rows; a re-import cannot change an order (cancel it, or import it under a new order_ref)")
        }
        let columns = ["sku", "quantity", "unit_price", "customer_id", "currency", "requested_date", "external_ref"]
        if message.hasPrefix("args.lines["), let close = message.firstIndex(of: "]"),
           let k = Int(message[message.index(message.startIndex, offsetBy: 11)..<close]), k >= 0, k < rows.count {
            let rest = message[message.index(after: close)...]
            let column = columns.first { rest.hasPrefix(".\($0)") }
            return RejectedRow(line: rows[k].line, column: column, reason: "order \(ref) was not imported: \(message)")
        }
        let column = columns.first { message.hasPrefix("args.\($0)") }
        return RejectedRow(line: line, column: column == "external_ref" ? "order_ref" : column, reason: "order \(ref) was not imported: \(message)")
    }
}

/// One good row of an orders file.
struct OrderRow: Sendable {
    let line: Int
    let ref: String
    let customerID: String
    let sku: String
    let quantity: Int64
    let unitPrice: String?
    let currency: String?
    let requestedDate: String?
}

/// Checks rows of an orders file against the ledger's reference data.
struct OrderRowChecker {
    let reference: ImportReferenceData
    /// "Did you mean" answers already computed (a file of bad rows asks the same ones again).
    private var suggestions: [String: String?] = [:]

    init(reference: ImportReferenceData) { self.reference = reference }

    mutating func check(_ record: CSVRecord, header: CSVHeader) -> (row: OrderRow?, problems: [RejectedRow]) {
        var problems: [RejectedRow] = []
        func bad(_ column: String?, _ reason: String) { problems.append(RejectedRow(line: record.line, column: column, reason: reason)) }
        if record.fields.count != header.width {
            bad(nil, "\(record.fields.count) fields where the header has \(header.width); check the commas and quotes of this row")
            return (nil, problems)
        }
        let ref = header.value("order_ref", in: record)
        if ref.isEmpty { bad("order_ref", "empty; every row needs the order_ref of its order") }
        if ref.count > 128 { bad("order_ref", "longer than 128 characters") }
        let customerID = header.value("customer_id", in: record)
        let customer = reference.customers[customerID]
        if customer == nil {
            let hint = suggestion(customerID, in: Array(reference.customers.keys))
            bad("customer_id", customerID.isEmpty ? "empty; give the customer's id, like C-001"
                : "unknown customer '\(ValueChecks.clip(customerID))'\(hint); 'o2c customers list' shows them")
        }
        let sku = header.value("sku", in: record)
        if !reference.skuSet.contains(sku) {
            let hint = suggestion(sku, in: reference.skus)
            bad("sku", sku.isEmpty ? "empty; give the product's SKU, like WID-100" : "unknown SKU '\(ValueChecks.clip(sku))'\(hint); 'o2c products list' shows them")
        }
        var quantity: Int64 = 0
        switch ValueChecks.quantity(header.value("quantity", in: record), max: 1_000_000) {
        case .success(let q): quantity = q
        case .failure(let reason): bad("quantity", reason)
        }
        var currency: String?
        let currencyText = header.value("currency", in: record)
        if !currencyText.isEmpty {
            switch ValueChecks.currency(currencyText, known: reference.currencies) {
            case .success(let c): currency = c
            case .failure(let reason): bad("currency", reason)
            }
        }
        var unitPrice: String?
        let priceText = header.value("unit_price", in: record)
        if !priceText.isEmpty, let code = currency ?? customer?.currency {
            switch ValueChecks.amount(priceText, exponent: reference.currencies[code] ?? 2, currency: code, allowZero: true) {
            case .success: unitPrice = priceText
            case .failure(let reason): bad("unit_price", reason)
            }
        }
        var requested: String?
        let dateText = header.value("requested_date", in: record)
        if !dateText.isEmpty {
            switch ValueChecks.date(dateText) {
            case .success(let d): requested = d.iso
            case .failure(let reason): bad("requested_date", reason)
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (OrderRow(line: record.line, ref: ref, customerID: customerID, sku: sku, quantity: quantity, unitPrice: unitPrice,
                         currency: currency, requestedDate: requested), [])
    }

    private mutating func suggestion(_ word: String, in candidates: [String]) -> String {
        if word.isEmpty { return "" }
        if let known = suggestions[word] { return known.map { " — did you mean '\($0)'?" } ?? "" }
        let found = Suggest.closest(to: word, in: candidates)
        if suggestions.count < 1000 { suggestions[word] = found }
        return found.map { " — did you mean '\($0)'?" } ?? ""
    }
}

/// Follows the order groups of the first pass: rows of one order must be consecutive and agree
/// on the customer, currency and requested date.
struct OrderGroupTracker {
    private struct Group {
        let ref: String
        let firstLine: Int
        var lastLine: Int
        let customerID: String
        let currency: String
        let requestedDate: String
        var lines: Int
    }

    private var current: Group?
    /// Closed orders: first and last line.
    private var closed: [String: (Int, Int)] = [:]
    /// Orders with at least one bad row.
    var bad = Set<String>()
    /// Orders seen.
    var orders = 0

    /// Places a row (with the currency its order is in: its own, else the customer's) in its group.
    mutating func place(ref: String, record: CSVRecord, header: CSVHeader, currency: String) -> [RejectedRow] {
        let customerID = header.value("customer_id", in: record)
        let date = header.value("requested_date", in: record)
        func bad(_ column: String, _ reason: String) -> [RejectedRow] { [RejectedRow(line: record.line, column: column, reason: reason)] }
        if current?.ref != ref {
            if let c = current { closed[c.ref] = (c.firstLine, c.lastLine) }
            if let (first, last) = closed[ref] {
                let span = first == last ? "line \(first)" : "lines \(first)–\(last)"
                return bad("order_ref", "order \(ref) already had rows on \(span) and other orders came between; keep an order's rows together (sort the file by order_ref); the whole order is rejected")
            }
            current = Group(ref: ref, firstLine: record.line, lastLine: record.line, customerID: customerID, currency: currency, requestedDate: date, lines: 1)
            orders += 1
            return []
        }
        guard var g = current else { return [] }
        g.lastLine = record.line
        g.lines += 1
        current = g
        if g.lines > OrderImporter.linesPerOrderMax {
            return bad("order_ref", "order \(ref) has more than \(OrderImporter.linesPerOrderMax) rows, more than one order may hold; split it")
        }
        if customerID != g.customerID {
            return bad("customer_id", "order \(ref) is for \(g.customerID) (line \(g.firstLine)) but this row says \(ValueChecks.clip(customerID)); one order has one customer")
        }
        if currency != g.currency {
            return bad("currency", "order \(ref) is in \(g.currency) (line \(g.firstLine)) but this row is in \(ValueChecks.clip(currency)); one order has one currency")
        }
        if date != g.requestedDate {
            return bad("requested_date", "order \(ref) has requested date \(g.requestedDate.isEmpty ? "none" : g.requestedDate) (line \(g.firstLine)) but this row says \(date.isEmpty ? "none" : ValueChecks.clip(date)); one order has one date")
        }
        return []
    }
}
