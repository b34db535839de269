import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// `o2c orders list|show|create`.
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Sales orders.", subcommands: [List.self, Show.self, Create.self, OrdersIngestCommand.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orders, newest first.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this customer's orders.") var customer: String?
        @Option(help: "Only orders in this status (approved, credit_hold, reserved, shipped, invoiced, paid, ...).") var status: String?
        @Option(help: "At most this many.") var limit = 200

        func run() throws {
            let rows = try ledger.open().orders(ListFilter(customerID: customer, status: status, limit: limit))
            if output.json { return Output.json(.array(rows)) }
            Output.table(["ID", "CUSTOMER", "STATUS", "DATE", "TOTAL", "LINES"], rows.map { r in
                [Output.text(r["id"]), Output.text(r["customer_id"]), Output.text(r["status"]), Output.text(r["order_date"]),
                 Output.text(r["total"]) + " " + Output.text(r["currency"]), String(r["lines"]?.arrayValue?.count ?? 0)]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an order with its lines and history.")
        @Argument(help: "Order id, e.g. SO-1001.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let o = try ledger.open().order(id)
            if output.json { return Output.json(o) }
            let cur = Output.text(o["currency"])
            print("\(Output.text(o["id"]))  \(Output.text(o["customer_id"]))  \(Output.text(o["status"]))  \(Output.text(o["order_date"]))")
            for l in o["lines"]?.arrayValue ?? [] {
                print("  \(Output.text(l["sku"]).padding(toLength: 10, withPad: " ", startingAt: 0)) x\(Output.text(l["quantity"]))  @ \(Output.text(l["unit_price"]))  = \(Output.text(l["net"])) \(cur)")
            }
            print("  net \(Output.text(o["net"]))  tax \(Output.text(o["tax"]))  total \(Output.text(o["total"])) \(cur)  (discount \(Output.text(o["discount_percent"]))%)")
            for h in o["history"]?.arrayValue ?? [] { print("  \(Output.text(h["at"]))  \(Output.text(h["event"]))") }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an order through the gate, from a JSON file or from flags.",
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

        func validate() throws {
            if file == nil && (customer == nil || lines.isEmpty) {
                throw ValidationError("give --file ORDER.json, or --customer and at least one --line SKU:QTY")
            }
            if file != nil && (customer != nil || !lines.isEmpty) { throw ValidationError("give either --file or --customer/--line, not both") }
        }

        func run() throws {
            let who = try actor.actor()
            var args: JSONValue
            if let file {
                let doc = try Output.readJSON(file)
                args = doc["action"] != nil ? (doc["args"] ?? .null) : doc
            } else {
                var parsed: [JSONValue] = []
                for spec in lines {
                    let (head, price) = spec.split(separator: "@", maxSplits: 1).map(String.init).splitFirst
                    let parts = head.split(separator: ":").map(String.init)
                    guard parts.count == 2, let qty = Int64(parts[1]) else {
                        throw CLIExit(code: 2, message: "--line '\(spec)' must look like SKU:QUANTITY or SKU:QUANTITY@PRICE")
                    }
                    var l: JSONObject = ["sku": .string(parts[0]), "quantity": .int(qty)]
                    if let price { l["unit_price"] = .string(price) }
                    parsed.append(.object(l))
                }
                var o: JSONObject = ["customer_id": .string(customer ?? ""), "lines": .array(parsed)]
                if let currency { o["currency"] = .string(currency) }
                if let externalRef { o["external_ref"] = .string(externalRef) }
                if let requestedDate { o["requested_date"] = .string(requestedDate) }
                args = .object(o)
            }
            let request = ActionRequest(action: .createOrder, args: args, actor: who, idempotencyKey: idempotencyKey)
            try Output.outcome(try ledger.openGated().submit(request), json: output.json)
        }
    }
}

extension Array where Element == String {
    fileprivate var splitFirst: (String, String?) { (self.first ?? "", self.count > 1 ? self[1] : nil) }
}

/// `o2c invoices list|show`.
struct InvoicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "invoices", abstract: "Invoices.", subcommands: [List.self, Show.self, Export.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List invoices, newest first.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this customer's invoices.") var customer: String?
        @Option(help: "open, overdue, disputed, paid, partially_paid, closed.") var status: String?
        @Option(help: "At most this many.") var limit = 200

        func run() throws {
            let rows = try ledger.open().invoices(ListFilter(customerID: customer, status: status, limit: limit))
            if output.json { return Output.json(.array(rows)) }
            Output.table(["ID", "CUSTOMER", "ORDER", "STATUS", "DUE", "TOTAL", "OPEN", "OVERDUE"], rows.map { r in
                [Output.text(r["id"]), Output.text(r["customer_id"]), Output.text(r["order_id"]),
                 Output.text(r["status"]) + (r["disputed"] == .bool(true) ? " (disputed)" : ""), Output.text(r["due_date"]),
                 Output.text(r["total"]) + " " + Output.text(r["currency"]), Output.text(r["open_amount"]),
                 r["days_overdue"] == .number("0") ? "" : Output.text(r["days_overdue"]) + "d"]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an invoice with lines, taxes, payments and history.")
        @Argument(help: "Invoice id, e.g. INV-1001.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let i = try ledger.open().invoice(id)
            if output.json { return Output.json(i) }
            let cur = Output.text(i["currency"])
            print("\(Output.text(i["id"]))  \(Output.text(i["customer_id"]))  order \(Output.text(i["order_id"]))  \(Output.text(i["status"]))")
            print("  issued \(Output.text(i["issue_date"]))  due \(Output.text(i["due_date"]))  days overdue \(Output.text(i["days_overdue"]))")
            for l in i["lines"]?.arrayValue ?? [] {
                print("  \(Output.text(l["sku"]).padding(toLength: 10, withPad: " ", startingAt: 0)) x\(Output.text(l["quantity"]))  @ \(Output.text(l["unit_price"]))  net \(Output.text(l["net"]))  tax \(Output.text(l["tax_rate_percent"]))%")
            }
            print("  net \(Output.text(i["net"]))  tax \(Output.text(i["tax"]))  total \(Output.text(i["total"])) \(cur)  open \(Output.text(i["open_amount"])) \(cur)")
            for p in i["payments"]?.arrayValue ?? [] {
                print("  payment \(Output.text(p["payment_id"])) \(Output.text(p["amount"])) \(cur) on \(Output.text(p["date"]))\(p["reversed"] == .bool(true) ? " (reversed)" : "")")
            }
        }
    }
}

/// `o2c payments list|show`.
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "payments", abstract: "Payments received.", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List payments, newest first.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only this customer's payments.") var customer: String?
        @Flag(help: "Only payments with money left to apply.") var unapplied = false
        @Option(help: "At most this many.") var limit = 200

        func run() throws {
            let rows = try ledger.open().payments(ListFilter(customerID: customer, status: unapplied ? "unapplied" : nil, limit: limit))
            if output.json { return Output.json(.array(rows)) }
            Output.table(["ID", "DATE", "PAYER", "AMOUNT", "UNAPPLIED", "REFERENCE"], rows.map { r in
                [Output.text(r["id"]), Output.text(r["date"]), Output.text(r["payer_name"]), Output.text(r["amount"]) + " " + Output.text(r["currency"]),
                 Output.text(r["unapplied_amount"]), String(Output.text(r["reference"]).prefix(40))]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a payment and where it was applied.")
        @Argument(help: "Payment id, e.g. PAY-1001.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let p = try ledger.open().payment(id)
            if output.json { return Output.json(p) }
            let cur = Output.text(p["currency"])
            print("\(Output.text(p["id"]))  \(Output.text(p["date"]))  \(Output.text(p["amount"])) \(cur)  from \(Output.text(p["payer_name"]))")
            print("  reference: \(Output.text(p["reference"]))  bank ref: \(Output.text(p["payment_ref"]))  customer: \(Output.text(p["customer_id"]))")
            for a in p["allocations"]?.arrayValue ?? [] { print("  applied \(Output.text(a["amount"])) \(cur) to \(Output.text(a["invoice_id"]))") }
            print("  unapplied \(Output.text(p["unapplied_amount"])) \(cur)")
        }
    }
}
