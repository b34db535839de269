import Foundation
import O2CCore
import Testing

/// `o2c invoices export` and `o2c report … --html` through the built binary.
@Suite("o2c invoices export and report pages, end to end", .serialized)
struct ExportAndReportPagesCLITests {
    /// Runs o2c (CLITests waits for it off Swift's cooperative threads).
    static func o2c(_ args: [String]) async throws -> CLITests.Run {
        try await CLITests.o2c(args)
    }

    static var demo: String { get async { await CLITests.demo } }

    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "o2c-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func exportWritesOneDocumentToStdoutOrAFileAndEveryDocumentToAFolder() async throws {
        let db = await Self.demo
        let one = try await Self.o2c(["invoices", "export", "INV-1001", "--format", "ubl", "--db", db])
        #expect(one.status == 0 && one.stdout.hasPrefix("<?xml") && one.stdout.contains("<cbc:ID>INV-1001</cbc:ID>"), "\(one.stderr)")
        let dir = try Self.folder()
        let file = try await Self.o2c(["invoices", "export", "INV-1001", "--format", "ubl", "--out", dir + "/one.xml", "--db", db])
        #expect(file.status == 0 && (try? String(contentsOfFile: dir + "/one.xml", encoding: .utf8)) == one.stdout)
        let all = try await Self.o2c(["invoices", "export", "--all", "--since", "2026-11-01", "--out", dir + "/all", "--format", "ubl", "--db", db])
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/all")) ?? []
        #expect(all.status == 0 && !files.isEmpty && files.allSatisfy { $0.hasPrefix("INV-") && $0.hasSuffix(".xml") }, "\(all.stdout) \(all.stderr)")
        #expect(all.stdout.contains("wrote \(files.count) e-invoices"))
        #expect(!files.contains("INV-1001.xml"), "--since leaves out older invoices")
    }

    @Test func exportRefusesBadRequestsWithAClearMessageAndWritesNothing() async throws {
        let db = await Self.demo
        let dir = try Self.folder()
        let cases: [([String], Int32, String)] = [
            (["INV-999999"], 1, "does not exist"),
            (["../../etc/passwd"], 1, "does not exist"),
            (["INV-1001", "--format", "pdf"], 2, "--format must be ubl"),
            ([], 2, "give one document id"),
            (["--all"], 2, "--out DIR"),
            (["INV-1001", "--all", "--out", dir], 2, "give one document id"),
            (["--all", "--since", "yesterday", "--out", dir], 2, "--since must be a date"),
            (["INV-1001", "--since", "2026-01-01"], 2, "--since goes with --all"),
            (["INV-1001", "--out", dir + "/missing/x.xml"], 1, "cannot write"),
        ]
        for (args, status, message) in cases {
            let r = try await Self.o2c(["invoices", "export"] + args + ["--db", db])
            #expect(r.status == status && r.stderr.contains(message), "\(args): \(r.status) \(r.stderr)")
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir)) == [])
    }

    @Test func reportsPrintTablesJSONAndSelfContainedPages() async throws {
        let db = await Self.demo
        let dir = try Self.folder()
        for report in ["aging", "dso", "cycle", "revenue", "forecast", "trial-balance"] {
            let dated = report == "trial-balance" ? [] : ["--as-of", "2026-11-25"]
            let table = try await Self.o2c(["report", report] + dated + ["--db", db])
            #expect(table.status == 0 && !table.stdout.isEmpty, "\(report): \(table.stderr)")
            let json = try await Self.o2c(["report", report] + dated + ["--json", "--db", db])
            #expect(json.status == 0 && json.json?.objectValue != nil && (dated.isEmpty || json.json?["as_of"]?.stringValue == "2026-11-25"), "\(report): \(json.stdout.prefix(200))")
            let page = dir + "/\(report).html"
            let html = try await Self.o2c(["report", report] + dated + ["--html", page, "--db", db])
            let text = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
            #expect(html.status == 0 && html.stdout.contains("wrote \(page)") && text.contains("<svg"), "\(report): \(html.stderr)")
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("<script"))
        }
        let bad = try await Self.o2c(["report", "forecast", "--weeks", "0", "--db", db])
        #expect(bad.status == 2 && bad.stderr.contains("--weeks"))
        let unwritable = try await Self.o2c(["report", "cycle", "--html", dir + "/no/such/dir/x.html", "--db", db])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("cannot write"))
    }
}
