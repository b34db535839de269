import Foundation
import O2CCore
import O2CDocuments
import Testing

/// The files kept from scripts/fuzz.sh for the importers (Tests/Fixtures/fuzz/<target>/: crash-*
/// findings, corpus-* inputs its runs reached deep with), imported into a real ledger through the
/// same entry points: each imports or is refused naming the file, never a trap.
@Suite struct FuzzFindingsTests {
    static func inputs(_ target: String) -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/fuzz/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    static func expectImportedOrRefused(_ run: () throws(DocumentError) -> ImportReport) {
        do {
            let report = try run()
            #expect(report.rows >= 0)
        } catch {
            #expect(error.file == "fuzz" && !error.message.isEmpty)
        }
    }

    @Test(arguments: inputs("orders-csv"))
    func ordersFileImportsOrIsRefused(_ path: String) throws {
        let f = try DocumentsFixture(), bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        Self.expectImportedOrRefused { () throws(DocumentError) in
            try OrderImporter(ledger: f.ledger, actor: .user("sam")).run(file: "fuzz", open: { MemoryByteSource(bytes) })
        }
    }

    @Test(arguments: inputs("payments-csv"))
    func paymentsFileImportsOrIsRefused(_ path: String) throws {
        let f = try DocumentsFixture(), bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        Self.expectImportedOrRefused { () throws(DocumentError) in
            try PaymentImporter(ledger: f.ledger, actor: .user("arlo")).importCSV(file: "fuzz", open: { MemoryByteSource(bytes) })
        }
    }

    @Test(arguments: inputs("camt"))
    func statementImportsOrIsRefused(_ path: String) throws {
        let f = try DocumentsFixture(), bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        Self.expectImportedOrRefused { () throws(DocumentError) in
            try PaymentImporter(ledger: f.ledger, actor: .user("arlo")).importStatement(bytes: bytes, file: "fuzz")
        }
    }
}
