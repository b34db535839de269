/// A seller or buyer on an e-invoice (BG-4 / BG-7).
public struct TradeParty: Sendable {
    /// The registered name (BT-27 / BT-44).
    public let name: String
    /// The postal address.
    public let address: MasterData.Address
    /// The VAT id (BT-31 / BT-48), or nil.
    public let vatID: String?
    /// Another tax registration of the seller (BT-32), or nil.
    public let taxRegistrationID: String?
    /// The legal registration id (BT-30 / BT-47), or nil.
    public let legalID: String?
    /// The Peppol electronic address (BT-34 / BT-49).
    public let endpoint: MasterData.ElectronicAddress
    /// The party's e-mail for contact, or nil.
    public let email: String?
}
