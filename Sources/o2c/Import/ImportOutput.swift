import Foundation
import O2CDocuments

/// Printing of import reports and the progress line.
enum ImportOutput {
    /// Runs an import; a refused file exits 1 with `FILE:LINE: reason`.
    static func run(_ body: () throws(DocumentError) -> ImportReport) throws -> ImportReport {
        do {
            let report = try body()
            endProgress()
            return report
        } catch {
            endProgress()
            throw CLIExit(code: 1, message: error.description)
        }
    }

    private static let terminal = isatty(2) == 1
    nonisolated(unsafe) private static var shown = false

    /// A progress line on stderr, only when it is a terminal.
    static var progress: ((ImportProgress) -> Void)? {
        guard terminal else { return nil }
        return { show($0) }
    }

    private static func show(_ p: ImportProgress) {
        let text = p.phase == "checking" ? "checking: \(p.rows) rows"
            : "importing: \(p.documents)\(p.documentsTotal.map { " of \($0)" } ?? "") documents"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    private static func endProgress() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func print(_ r: ImportReport, noun: String, json: Bool) throws {
        if json {
            Output.json(r.json)
        } else {
            Swift.print("\(r.file) (\(r.format)): \(r.rows) \(r.format.hasPrefix("camt") ? "entries" : "rows")")
            Swift.print("  imported \(r.imported) \(noun)\(r.imported == 1 ? "" : "s")\(r.created.isEmpty ? "" : " (\(summary(r.created)))"), skipped \(r.skipped) already imported")
            for (kind, n) in r.skippedEntries.sorted(by: { $0.key < $1.key }) { Swift.print("  not recorded: \(n) \(kind.replacingOccurrences(of: "_", with: " ")) entr\(n == 1 ? "y" : "ies")") }
            if !r.pendingApproval.isEmpty { Swift.print("  waiting for approval: \(summary(r.pendingApproval))") }
            if r.rejectedCount > 0 {
                Swift.print("  rejected \(r.rejectedCount) row\(r.rejectedCount == 1 ? "" : "s") (\(r.rejectedDocuments) \(noun)\(r.rejectedDocuments == 1 ? "" : "s") not imported):")
                for row in r.rejected {
                    Swift.print("    line \(row.line)\(row.column.map { ", \($0)" } ?? ""): \(row.reason)")
                }
                if r.rejectedCount > r.rejected.count { Swift.print("    … and \(r.rejectedCount - r.rejected.count) more") }
            }
        }
        if r.rejectedCount > 0 { throw CLIExit(code: 1, message: json ? nil : "\(r.rejectedCount) row\(r.rejectedCount == 1 ? "" : "s") rejected") }
        if !r.pendingApproval.isEmpty { throw CLIExit(code: 4, message: nil) }
    }

    private static func summary(_ ids: [String]) -> String {
        ids.count <= 6 ? ids.joined(separator: ", ") : ids.prefix(3).joined(separator: ", ") + " … " + (ids.last ?? "")
    }
}
