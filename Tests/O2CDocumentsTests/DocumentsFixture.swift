import Foundation
import GRDB
import O2CCore
import O2CDocuments
import O2CLedger

/// A fresh ledger (USD base, EUR) behind the shipped guardrails, with two customers, three
/// products, a sales rep and an AR clerk.
struct DocumentsFixture {
    let dir: String
    let path: String
    let ledger: Ledger
    let raw: DatabaseQueue

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let camt = root.appendingPathComponent("Tests/Fixtures/camt").path

    init() throws {
        dir = NSTemporaryDirectory() + "o2c-docs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/ledger.sqlite"
        let policy = try GuardrailSet.load(directory: Self.root.appendingPathComponent("guardrails").path).get().policy()
        ledger = try Ledger.create(path: path, companyName: "Docs Test Inc", baseCurrency: "USD", clock: ManualClock(date: BusinessDate(iso: "2026-11-25")!),
                                   policy: policy)
        var m = MasterData()
        m.currencies = [.init(code: "USD", rates: []), .init(code: "EUR", rates: [(BusinessDate(iso: "2014-01-01")!, Int64(1_100_000_000))])]
        m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825])]
        m.customers = [
            .init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 100_000_000_000, owner: "sam", email: "ap@acme.test", region: "US-CA"),
            .init(id: "C-002", name: "Euro Kunde GmbH", currency: "EUR", paymentTermsDays: 30, creditLimitMinor: 100_000_000_000, owner: "sam", email: "ap@eu.test", region: "US-CA"),
        ]
        m.products = [
            .init(sku: "WID-100", name: "Widget", family: "w", taxCategory: "standard", prices: ["USD": 1999, "EUR": 1899], alternatives: []),
            .init(sku: "WID-101", name: "Widget Plus", family: "w", taxCategory: "standard", prices: ["USD": 2499, "EUR": 2399], alternatives: []),
            .init(sku: "BK-1", name: "Manual", family: "b", taxCategory: "standard", prices: ["USD": 1000], alternatives: []),
        ]
        m.warehouses = [("WH-1", "Main")]
        m.stock = m.products.map { .init(sku: $0.sku, warehouse: "WH-1", onHand: 1_000_000) }
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1)]
        try ledger.setUp(m)
        _ = try ledger.addUser(name: "sam", role: .salesRep, approvalLimit: nil)
        _ = try ledger.addUser(name: "arlo", role: .arClerk, approvalLimit: nil)
        raw = try DatabaseQueue(path: path)
    }

    /// Writes `text` to a file in the fixture's folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let p = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    func orders(_ text: String, limits: ImportLimits = ImportLimits()) throws -> ImportReport {
        try OrderImporter(ledger: ledger, actor: .user("sam"), limits: limits).run(path: try file("orders-\(UUID().uuidString).csv", text))
    }

    func payments(path: String) throws -> ImportReport {
        try PaymentImporter(ledger: ledger, actor: .user("arlo")).run(path: path)
    }

    func count(_ table: String) throws -> Int {
        try raw.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") } ?? -1
    }

    /// A digest of every table's content: equal digests mean nothing was written.
    func fingerprint() throws -> String {
        try raw.read { db in
            var all = ""
            for t in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
                for r in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"") { all += t + r.description + "\n" }
            }
            return all
        }
    }
}

/// An endless source: `head` once, then `repeating` for ever (a billion-row file, a 1 GB
/// line), counting what was read.
final class EndlessSource: ByteSource {
    private let head: [UInt8]
    private let chunk: [UInt8]
    private var started = false
    /// Bytes handed out so far.
    private(set) var bytesRead = 0

    init(head: String, repeating: String) {
        self.head = Array(head.utf8)
        var c: [UInt8] = []
        while c.count < 65_536 { c += Array(repeating.utf8) }
        chunk = c
    }

    func nextChunk() throws(DocumentError) -> [UInt8]? {
        let out = started ? chunk : head
        started = true
        bytesRead += out.count
        return out
    }
}

/// A source that hands out one byte per chunk (to test chunk boundaries).
struct ByteByByteSource: ByteSource {
    var bytes: [UInt8]
    var position = 0

    mutating func nextChunk() throws(DocumentError) -> [UInt8]? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return [bytes[position]]
    }
}
