import Hummingbird
import O2CLedger

/// `GET /v1/inventory/{sku}`: stock is not customer data, so every role sees it.
struct InventoryRoutes {
    let api: API

    func register(on routes: RouterGroup<AuthenticatedContext>) {
        routes.get("/v1/inventory/{sku}") { _, context in
            let sku = try API.parameter(context, "sku")
            return API.json(try await api.withLedger { ledger in
                do { return try ledger.inventory(sku: sku) } catch let e as LedgerError where e.code == .notFound {
                    throw APIError.notFound("SKU \(sku) does not exist")
                }
            })
        }
    }
}
