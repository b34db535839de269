import GRDB

/// Migration `0001-ledger`: The first schema: reference data, documents, the journal, events, the audit log, idempotency keys and the approval queue.
/// Shipped: never edit it; add a new migration instead.
enum Migration0001Ledger {
    static let id = "0001-ledger"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE company (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              name TEXT NOT NULL,
              base_currency TEXT NOT NULL,
              created_at TEXT NOT NULL
            );
            CREATE TABLE currencies (
              code TEXT PRIMARY KEY CHECK (length(code) = 3),
              exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4)
            );
            CREATE TABLE exchange_rates (
              currency TEXT NOT NULL REFERENCES currencies(code),
              valid_from TEXT NOT NULL,
              rate_e9 INTEGER NOT NULL CHECK (rate_e9 > 0),
              PRIMARY KEY (currency, valid_from)
            ) WITHOUT ROWID;
            CREATE TABLE tax_regions (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0, 1))
            );
            CREATE TABLE tax_rates (
              region TEXT NOT NULL REFERENCES tax_regions(code),
              category TEXT NOT NULL,
              rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
              PRIMARY KEY (region, category)
            ) WITHOUT ROWID;
            CREATE TABLE accounts (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'income', 'expense'))
            );
            CREATE TABLE customers (
              id TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              currency TEXT NOT NULL REFERENCES currencies(code),
              payment_terms_days INTEGER NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
              credit_limit_minor INTEGER NOT NULL CHECK (credit_limit_minor >= 0),
              owner TEXT NOT NULL,
              email TEXT NOT NULL,
              region TEXT NOT NULL REFERENCES tax_regions(code),
              on_hold INTEGER NOT NULL DEFAULT 0 CHECK (on_hold IN (0, 1)),
              hold_reason TEXT,
              created_at TEXT NOT NULL
            );
            CREATE INDEX customers_owner ON customers(owner);
            CREATE TABLE products (
              sku TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              family TEXT NOT NULL,
              tax_category TEXT NOT NULL,
              active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            );
            CREATE TABLE prices (
              sku TEXT NOT NULL REFERENCES products(sku),
              currency TEXT NOT NULL REFERENCES currencies(code),
              unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
              PRIMARY KEY (sku, currency)
            ) WITHOUT ROWID;
            CREATE TABLE product_alternatives (
              sku TEXT NOT NULL REFERENCES products(sku),
              alt_sku TEXT NOT NULL REFERENCES products(sku),
              rank INTEGER NOT NULL,
              PRIMARY KEY (sku, alt_sku),
              CHECK (sku <> alt_sku)
            ) WITHOUT ROWID;
            CREATE TABLE warehouses (code TEXT PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE stock (
              sku TEXT NOT NULL REFERENCES products(sku),
              warehouse TEXT NOT NULL REFERENCES warehouses(code),
              on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
              reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
              PRIMARY KEY (sku, warehouse)
            ) WITHOUT ROWID;
            CREATE TABLE carriers (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              preferred_rank INTEGER NOT NULL,
              delayed INTEGER NOT NULL DEFAULT 0 CHECK (delayed IN (0, 1))
            );
            CREATE TABLE orders (
              id TEXT PRIMARY KEY,
              customer_id TEXT NOT NULL REFERENCES customers(id),
              status TEXT NOT NULL CHECK (status IN ('received', 'validated', 'credit_hold', 'approved', 'reserved',
                'shipped', 'invoiced', 'paid', 'closed', 'cancelled')),
              currency TEXT NOT NULL REFERENCES currencies(code),
              order_date TEXT NOT NULL,
              requested_date TEXT,
              external_ref TEXT,
              discount_e2 INTEGER NOT NULL DEFAULT 0 CHECK (discount_e2 BETWEEN 0 AND 10000),
              prices_include_tax INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
              net_minor INTEGER NOT NULL,
              tax_minor INTEGER NOT NULL,
              total_minor INTEGER NOT NULL CHECK (total_minor = net_minor + tax_minor),
              total_base_minor INTEGER NOT NULL,
              confirmed_at TEXT,
              invoice_id TEXT,
              cancel_reason TEXT,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL
            );
            CREATE INDEX orders_customer ON orders(customer_id);
            CREATE INDEX orders_uninvoiced ON orders(customer_id, total_base_minor)
              WHERE confirmed_at IS NOT NULL AND invoice_id IS NULL AND status <> 'cancelled';
            CREATE TABLE order_lines (
              order_id TEXT NOT NULL REFERENCES orders(id),
              line_no INTEGER NOT NULL,
              sku TEXT NOT NULL REFERENCES products(sku),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
              price_source TEXT NOT NULL CHECK (price_source IN ('list', 'manual')),
              tax_category TEXT NOT NULL,
              tax_rate_bp INTEGER NOT NULL,
              net_minor INTEGER NOT NULL,
              PRIMARY KEY (order_id, line_no)
            ) WITHOUT ROWID;
            CREATE TABLE reservations (
              order_id TEXT NOT NULL REFERENCES orders(id),
              line_no INTEGER NOT NULL,
              warehouse TEXT NOT NULL REFERENCES warehouses(code),
              quantity INTEGER NOT NULL CHECK (quantity > 0),
              PRIMARY KEY (order_id, line_no, warehouse)
            ) WITHOUT ROWID;
            CREATE TABLE shipments (
              id TEXT PRIMARY KEY,
              order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
              carrier TEXT NOT NULL REFERENCES carriers(code),
              tracking_ref TEXT,
              ship_date TEXT NOT NULL,
              created_at TEXT NOT NULL
            );
            CREATE TABLE invoices (
              id TEXT PRIMARY KEY,
              order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
              customer_id TEXT NOT NULL REFERENCES customers(id),
              currency TEXT NOT NULL REFERENCES currencies(code),
              issue_date TEXT NOT NULL,
              due_date TEXT NOT NULL,
              prices_include_tax INTEGER NOT NULL,
              net_minor INTEGER NOT NULL,
              tax_minor INTEGER NOT NULL,
              total_minor INTEGER NOT NULL CHECK (total_minor = net_minor + tax_minor AND total_minor >= 0),
              paid_minor INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0 AND paid_minor <= total_minor),
              credited_minor INTEGER NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
              written_off_minor INTEGER NOT NULL DEFAULT 0 CHECK (written_off_minor >= 0),
              open_minor INTEGER NOT NULL CHECK (open_minor >= 0
                AND open_minor = total_minor - paid_minor - credited_minor - written_off_minor),
              rate_e9 INTEGER NOT NULL CHECK (rate_e9 > 0),
              total_base_minor INTEGER NOT NULL,
              tax_base_minor INTEGER NOT NULL,
              open_base_minor INTEGER NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('open', 'partially_paid', 'paid', 'closed')),
              disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
              dispute_reason TEXT,
              dunning_level INTEGER NOT NULL DEFAULT 0,
              last_dunned_date TEXT,
              sent_at TEXT,
              created_at TEXT NOT NULL
            );
            CREATE INDEX invoices_open ON invoices(customer_id, due_date, open_base_minor) WHERE open_minor > 0;
            CREATE INDEX invoices_customer ON invoices(customer_id);
            CREATE TABLE invoice_lines (
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              line_no INTEGER NOT NULL,
              sku TEXT NOT NULL,
              description TEXT NOT NULL,
              quantity INTEGER NOT NULL,
              unit_price_minor INTEGER NOT NULL,
              tax_category TEXT NOT NULL,
              tax_rate_bp INTEGER NOT NULL,
              net_minor INTEGER NOT NULL,
              PRIMARY KEY (invoice_id, line_no)
            ) WITHOUT ROWID;
            CREATE TABLE invoice_taxes (
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              tax_category TEXT NOT NULL,
              tax_rate_bp INTEGER NOT NULL,
              taxable_minor INTEGER NOT NULL,
              tax_minor INTEGER NOT NULL,
              PRIMARY KEY (invoice_id, tax_category, tax_rate_bp)
            ) WITHOUT ROWID;
            CREATE TABLE payments (
              id TEXT PRIMARY KEY,
              payment_ref TEXT UNIQUE,
              customer_id TEXT REFERENCES customers(id),
              amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
              currency TEXT NOT NULL REFERENCES currencies(code),
              value_date TEXT NOT NULL,
              payer_name TEXT,
              payer_account TEXT,
              reference TEXT,
              rate_e9 INTEGER NOT NULL CHECK (rate_e9 > 0),
              amount_base_minor INTEGER NOT NULL,
              applied_minor INTEGER NOT NULL DEFAULT 0 CHECK (applied_minor >= 0 AND applied_minor <= amount_minor),
              unapplied_base_minor INTEGER NOT NULL,
              created_at TEXT NOT NULL
            );
            CREATE TABLE allocations (
              id INTEGER PRIMARY KEY,
              payment_id TEXT NOT NULL REFERENCES payments(id),
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
              ar_base_minor INTEGER NOT NULL,
              cash_base_minor INTEGER NOT NULL,
              applied_date TEXT NOT NULL,
              reversed INTEGER NOT NULL DEFAULT 0 CHECK (reversed IN (0, 1))
            );
            CREATE INDEX allocations_payment ON allocations(payment_id);
            CREATE INDEX allocations_invoice ON allocations(invoice_id);
            CREATE TABLE credit_notes (
              id TEXT PRIMARY KEY,
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
              tax_minor INTEGER NOT NULL,
              amount_base_minor INTEGER NOT NULL,
              reason TEXT NOT NULL,
              issue_date TEXT NOT NULL
            );
            CREATE TABLE write_offs (
              id TEXT PRIMARY KEY,
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
              amount_base_minor INTEGER NOT NULL,
              reason TEXT NOT NULL,
              write_off_date TEXT NOT NULL
            );
            CREATE TABLE dunning_notices (
              id TEXT PRIMARY KEY,
              customer_id TEXT NOT NULL REFERENCES customers(id),
              level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
              subject TEXT,
              body TEXT,
              sent_date TEXT NOT NULL,
              created_at TEXT NOT NULL
            );
            CREATE INDEX dunning_customer ON dunning_notices(customer_id, sent_date);
            CREATE TABLE dunning_notice_invoices (
              notice_id TEXT NOT NULL REFERENCES dunning_notices(id),
              invoice_id TEXT NOT NULL REFERENCES invoices(id),
              PRIMARY KEY (notice_id, invoice_id)
            ) WITHOUT ROWID;
            CREATE TABLE journal_entries (
              id INTEGER PRIMARY KEY,
              entry_date TEXT NOT NULL,
              memo TEXT NOT NULL,
              source_type TEXT NOT NULL,
              source_id TEXT NOT NULL,
              audit_seq INTEGER NOT NULL
            );
            CREATE TABLE journal_lines (
              entry_id INTEGER NOT NULL REFERENCES journal_entries(id),
              line_no INTEGER NOT NULL,
              account TEXT NOT NULL REFERENCES accounts(code),
              debit_minor INTEGER NOT NULL CHECK (debit_minor >= 0),
              credit_minor INTEGER NOT NULL CHECK (credit_minor >= 0),
              CHECK (debit_minor = 0 OR credit_minor = 0),
              PRIMARY KEY (entry_id, line_no)
            ) WITHOUT ROWID;
            CREATE TABLE events (
              id INTEGER PRIMARY KEY,
              type TEXT NOT NULL,
              subject_id TEXT NOT NULL,
              payload TEXT NOT NULL,
              created_at TEXT NOT NULL,
              audit_seq INTEGER,
              processed_at TEXT
            );
            CREATE TABLE audit_log (
              seq INTEGER PRIMARY KEY,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              run_id TEXT,
              action TEXT NOT NULL,
              args TEXT NOT NULL,
              result TEXT NOT NULL,
              idempotency_key TEXT,
              approval_id TEXT,
              prev_hash TEXT NOT NULL,
              hash TEXT NOT NULL
            );
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
              BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TABLE idempotency_keys (
              key TEXT PRIMARY KEY,
              action TEXT NOT NULL,
              digest TEXT NOT NULL,
              outcome TEXT NOT NULL,
              created_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE approvals (
              seq INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed')),
              action TEXT NOT NULL,
              args TEXT NOT NULL,
              args_digest TEXT NOT NULL,
              actor TEXT NOT NULL,
              run_id TEXT,
              reason TEXT,
              rules TEXT NOT NULL,
              approver_role TEXT,
              approvers_required INTEGER NOT NULL DEFAULT 1,
              amount_minor INTEGER,
              currency TEXT,
              customer_id TEXT,
              idempotency_key TEXT,
              facts TEXT NOT NULL DEFAULT '{}',
              created_at TEXT NOT NULL,
              expires_at TEXT NOT NULL,
              decided_at TEXT,
              outcome_reason TEXT,
              result TEXT
            );
            CREATE INDEX approvals_status ON approvals(status, created_at);
            """)
    }
}
