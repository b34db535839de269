import GRDB

/// Migration `0004-trust`: what the gate's promises need to be checked afterwards.
/// - `order_lines.list_price_minor`: the list price a line was measured against (price facts);
///   lines of earlier orders get the price list of today, the best there is.
/// - `approvals.on_behalf_of`, `agent_runs.on_behalf_of`, `audit_log.on_behalf_of`: the person an
///   agent acted for (separation of duties).
/// - `approvals.audit_seq`, `approval_decisions.audit_seq`: the audit record of parking a request
///   and of each decision, so `audit verify` sees a cut tail.
/// - `approval_decisions.amount_minor`: the amount (base currency) an approver approved, so an
///   approval does not stretch to a larger amount later.
enum Migration0004Trust {
    static let id = "0004-trust"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE order_lines ADD COLUMN list_price_minor INTEGER CHECK (list_price_minor IS NULL OR list_price_minor >= 0);
            UPDATE order_lines SET list_price_minor = unit_price_minor WHERE price_source = 'list';
            UPDATE order_lines SET list_price_minor = (
              SELECT p.unit_price_minor FROM prices p JOIN orders o ON o.id = order_lines.order_id
              WHERE p.sku = order_lines.sku AND p.currency = o.currency)
            WHERE price_source = 'manual';
            ALTER TABLE approvals ADD COLUMN on_behalf_of TEXT;
            ALTER TABLE approvals ADD COLUMN audit_seq INTEGER;
            ALTER TABLE approval_decisions ADD COLUMN audit_seq INTEGER;
            ALTER TABLE approval_decisions ADD COLUMN amount_minor INTEGER;
            ALTER TABLE agent_runs ADD COLUMN on_behalf_of TEXT;
            ALTER TABLE audit_log ADD COLUMN on_behalf_of TEXT;
            """)
    }
}
