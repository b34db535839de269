import Hummingbird
import O2CLedger

/// `GET /v1/invoices/{id}`.
struct InvoiceRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.get("/v1/invoices/{id}") { _, context in
            let id = try API.parameter(context, "id")
            return API.json(try await api.inScope(context) { scope in
                try scope.document("invoice", id) { (id) throws(LedgerError) in try scope.ledger.invoice(id) }
            })
        }
    }
}
