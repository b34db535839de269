import Foundation
import O2CCore
import O2CLedger

/// Printing for people and for scripts.
enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("o2c: " + message + "\n").utf8))
    }

    static func json(_ value: JSONValue) {
        print(value.serialized(pretty: true))
    }

    /// A plain text table with aligned columns.
    static func table(_ headers: [String], _ rows: [[String]]) {
        var widths = headers.map(\.count)
        for r in rows {
            for (k, c) in r.enumerated() where k < widths.count { widths[k] = max(widths[k], c.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { k, c in
                k == cells.count - 1 ? c : c.padding(toLength: widths[k], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(headers))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        for r in rows { print(line(r)) }
        if rows.isEmpty { print("(none)") }
    }

    /// A string, `-` when there is none.
    static func text(_ s: String?) -> String { s ?? "-" }

    /// A field of a JSON object as text.
    static func text(_ v: JSONValue?) -> String {
        switch v {
        case .string(let s)?: return s
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "yes" : "no"
        case .null?, nil: return "-"
        case let other?: return other.serialized()
        }
    }

    /// Prints a gate outcome and turns it into the exit code of SPEC §12.
    static func outcome(_ outcome: GateOutcome, json: Bool) throws {
        if json {
            Output.json(outcome.json)
        } else {
            switch outcome {
            case .executed(let r): print("executed: \(r.summary)")
            case .pendingApproval(let id, let rules):
                print("pending_approval: \(id) is waiting for approval")
                for r in rules { print("  \(r.file): \(r.name): \(r.message)") }
            case .denied(let rules):
                print("denied")
                for r in rules { print("  \(r.file): \(r.name): \(r.message)") }
            case .invalid(let messages):
                for m in messages { error(m) }
            }
        }
        switch outcome {
        case .executed: return
        case .pendingApproval: throw CLIExit(code: 4, message: nil)
        case .denied: throw CLIExit(code: 3, message: json ? nil : "denied by a guardrail")
        case .invalid: throw CLIExit(code: 1, message: nil)
        }
    }

    /// Reads a JSON file (or `-` for stdin), with errors that name the file, line and column.
    static func readJSON(_ path: String) throws -> JSONValue {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                throw CLIExit(code: 1, message: "cannot read \(path): no such file or not readable")
            }
            data = d
        }
        do {
            return try JSONParser().parse(bytes: Array(data))
        } catch {
            throw CLIExit(code: 1, message: "\(path):\(error.line):\(error.column): \(error.message)")
        }
    }

    /// "3h", "2d" — the age of an ISO timestamp.
    static func age(since iso: String, now: Date) -> String {
        guard let t = Ledger.timestamp(iso) else { return "-" }
        let s = Int(now.timeIntervalSince(t))
        if s < 3600 { return "\(max(0, s / 60))m" }
        if s < 86_400 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }
}
