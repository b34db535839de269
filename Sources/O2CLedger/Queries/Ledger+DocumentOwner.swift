import GRDB
import O2CCore

/// Whose a document is: its customer and the sales rep who owns that customer.
public struct DocumentOwner: Sendable, Equatable {
    /// The customer the document belongs to (`C-…`).
    public let customerID: String
    /// The user who owns that customer (a sales rep).
    public let owner: String
}

extension Ledger {
    /// The customer a document belongs to and its owner, found by the id's prefix: a customer
    /// (`C-`) is its own; an order (`SO-`), invoice (`INV-`), payment (`PAY-`), shipment (`SH-`),
    /// credit note (`CN-`), write-off (`WO-`), dunning notice (`DN-`) or approval request (`AP-`)
    /// names one. Nil when no such document exists, the prefix is unknown, or the document names
    /// no customer (an unmatched payment, a review item): callers treat all of these alike.
    public func documentOwner(_ id: String) throws(LedgerError) -> DocumentOwner? {
        guard let sql = Self.ownerQueries.first(where: { id.hasPrefix($0.prefix) })?.sql else { return nil }
        return try read { db in
            try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]).map { DocumentOwner(customerID: $0[0], owner: $0[1]) }
        }
    }

    /// The user who owns customer `id`; nil when there is no such customer or it has no owner.
    public func customerOwner(_ id: String) throws(LedgerError) -> String? {
        try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT owner FROM customers WHERE id = ?"), arguments: [id]) }
    }

    /// One query per id prefix: the document's customer and that customer's owner.
    private static let ownerQueries: [(prefix: String, sql: String)] = [
        ("C-", "SELECT id, owner FROM customers WHERE id = ?"),
        ("SO-", "SELECT c.id, c.owner FROM orders d JOIN customers c ON c.id = d.customer_id WHERE d.id = ?"),
        ("INV-", "SELECT c.id, c.owner FROM invoices d JOIN customers c ON c.id = d.customer_id WHERE d.id = ?"),
        ("PAY-", "SELECT c.id, c.owner FROM payments d JOIN customers c ON c.id = d.customer_id WHERE d.id = ?"),
        ("SH-", "SELECT c.id, c.owner FROM shipments d JOIN orders o ON o.id = d.order_id JOIN customers c ON c.id = o.customer_id WHERE d.id = ?"),
        ("CN-", "SELECT c.id, c.owner FROM credit_notes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id WHERE d.id = ?"),
        ("WO-", "SELECT c.id, c.owner FROM write_offs d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id WHERE d.id = ?"),
        ("DN-", "SELECT c.id, c.owner FROM dunning_notices d JOIN customers c ON c.id = d.customer_id WHERE d.id = ?"),
        ("AP-", "SELECT c.id, c.owner FROM approvals d JOIN customers c ON c.id = d.customer_id WHERE d.id = ?"),
    ]
}
