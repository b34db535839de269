import ArgumentParser
import Foundation
import O2CCore
import O2CReportPages

/// `--json` and `--html FILE` of the reports: a table by default, JSON on stdout, and/or one
/// self-contained HTML page with charts written to FILE.
struct ReportOutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
    @Option(name: .long, help: "Write a self-contained HTML page with charts (no scripts, nothing loaded from elsewhere) to FILE.")
    var html: String?

    /// Each named option, when given, must be a date (`--as-of`, `--from`).
    static func checkDates(_ options: [String: String?]) throws {
        for (name, value) in options.sorted(by: { $0.key < $1.key }) {
            if let value, BusinessDate(iso: value) == nil { throw ValidationError("\(name) must be a date like 2026-11-25") }
        }
    }

    /// Writes the page when `--html` is given, then prints JSON, "wrote FILE", or the table.
    func emit(_ report: JSONValue, page: ReportPage.Kind, company: String, table: () -> Void) throws {
        if let html {
            do {
                try Data(ReportPage.html(page, report, company: company).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw CLIExit(code: 1, message: "cannot write \(html): \(error.localizedDescription)")
            }
        }
        if json { return Output.json(report) }
        if let html { return print("wrote \(html)") }
        table()
    }
}

/// `--from DATE --as-of DATE` of the reports over a period.
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: "From this date (default: the start of the books).") var from: String?
    @Option(name: .customLong("as-of"), help: "Business date (default: today).") var asOf: String?

    func validate() throws { try ReportOutputOptions.checkDates(["--from": from, "--as-of": asOf]) }

    var fromDate: BusinessDate? { from.flatMap(BusinessDate.init(iso:)) }
    var asOfDate: BusinessDate? { asOf.flatMap(BusinessDate.init(iso:)) }
}
