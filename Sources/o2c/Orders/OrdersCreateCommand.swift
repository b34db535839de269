import ArgumentParser
import O2CCore

/// `o2c orders create`: `create_order` through the gate, from a file or from flags.
struct OrdersCreateCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an order through the gate, from a JSON file or from flags.",
        discussion: "Example: o2c orders create --customer C-001 --line WID-100:5 --line WID-101:2@19.99 --as sam")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "JSON file with the create_order arguments (or a full action document).") var file: String?
    @Option(help: "Customer id.") var customer: String?
    @Option(name: .customLong("line"), help: "SKU:QUANTITY[@UNIT_PRICE], repeatable.") var lines: [String] = []
    @Option(help: "Order currency (default: the customer's).") var currency: String?
    @Option(name: .customLong("external-ref"), help: "The customer's PO number.") var externalRef: String?
    @Option(name: .customLong("requested-date"), help: "Requested delivery date.") var requestedDate: String?
    @Option(name: .customLong("idempotency-key"), help: "Makes retries safe.") var idempotencyKey: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if file == nil && (customer == nil || lines.isEmpty) {
            throw ValidationError("give --file ORDER.json, or --customer and at least one --line SKU:QTY")
        }
        if file != nil && (customer != nil || !lines.isEmpty) { throw ValidationError("give either --file or --customer/--line, not both") }
        for spec in lines where Self.line(spec) == nil {
            throw ValidationError("--line '\(spec)' must look like SKU:QUANTITY or SKU:QUANTITY@PRICE")
        }
    }

    /// `SKU:QUANTITY[@PRICE]` as an order line.
    static func line(_ spec: String) -> JSONValue? {
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        let head = (parts.first ?? "").split(separator: ":").map(String.init)
        guard head.count == 2, !head[0].isEmpty, let quantity = Int64(head[1]) else { return nil }
        var l: JSONObject = ["sku": .string(head[0]), "quantity": .int(quantity)]
        if parts.count > 1 { l["unit_price"] = .string(parts[1]) }
        return .object(l)
    }

    func run() async throws {
        let access = try ledger.access(acting: actor)
        let args: JSONValue
        if let file {
            let doc = try Output.readJSON(file)
            args = doc["action"] != nil ? (doc["args"] ?? .null) : doc
        } else {
            var o: JSONObject = ["customer_id": .string(customer ?? ""), "lines": .array(lines.compactMap(Self.line))]
            if let currency { o["currency"] = .string(currency) }
            if let externalRef { o["external_ref"] = .string(externalRef) }
            if let requestedDate { o["requested_date"] = .string(requestedDate) }
            args = .object(o)
        }
        let document: JSONValue = ["action": "create_order", "args": args]
        try Output.outcome(try await access.submit(document, idempotencyKey: idempotencyKey), json: output.json)
    }
}
