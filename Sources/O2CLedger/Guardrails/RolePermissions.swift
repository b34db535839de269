import O2CCore

/// Which actions each user role may submit (`guardrails/roles.yaml`).
public struct RolePermissions: Sendable {
    /// The actions each role may submit.
    public let actions: [Role: Set<ActionName>]

    /// Permissions from a table.
    public init(_ actions: [Role: Set<ActionName>]) { self.actions = actions }

    /// Whether `role` may submit `action`.
    public func permits(_ role: Role, _ action: ActionName) -> Bool {
        actions[role]?.contains(action) ?? false
    }

    /// The roles that may submit `action`, in catalogue order.
    public func roles(permitting action: ActionName) -> [Role] {
        Role.allCases.filter { permits($0, action) }
    }

    /// The permissions used when `roles.yaml` is absent (the same as the shipped file).
    public static let standard: RolePermissions = {
        let sales: Set<ActionName> = [.createOrder, .cancelOrder, .substituteLine, .applyDiscount]
        let fulfilment: Set<ActionName> = [.reserveStock, .shipOrder, .issueInvoice]
        let receivables: Set<ActionName> = [.sendInvoice, .recordPayment, .applyPayment, .sendDunningNotice, .markDisputed]
        let credit: Set<ActionName> = [.placeCreditHold, .releaseCreditHold, .setCreditLimit]
        return RolePermissions([
            .salesRep: sales,
            .salesManager: sales.union(fulfilment).union([.issueCreditNote]),
            .arClerk: receivables,
            .creditManager: receivables.union(credit),
            .financeManager: receivables.union(credit).union([.issueInvoice, .unapplyPayment, .issueCreditNote, .writeOff]),
            .admin: Set(ActionName.allCases),
        ])
    }()
}
