import Hummingbird
import O2CLedger

/// `GET /v1/invoices/{id}`.
struct InvoiceRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        api.documentRoute("/v1/invoices/{id}", "invoice", on: routes) { (ledger, id) throws(LedgerError) in try ledger.invoice(id) }
    }
}
