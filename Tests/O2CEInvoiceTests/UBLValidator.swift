import Foundation
import O2CCore

/// Runs Tests/Fixtures/validate.sh (the standards kit's validator on the project's copies of the
/// UBL 2.1 XSD and the EN 16931 rules): xmllint for the schema, Saxon (PyPI `saxonche`, in the
/// venv `make test` creates at .venv-test) for the Schematron rules. A missing tool is a failure
/// with the validator's message, never a skip.
enum UBLValidator {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Verdict {
        /// validate.sh's exit status: 0 all valid, 1 some invalid, 2 a tool or setup problem.
        let status: Int32
        /// Its report.
        let report: String
        /// Whether `file` passed.
        func passed(_ file: String) -> Bool { report.contains("RESULT PASS \(file)\n") }
        /// The report's section about `file`.
        func section(_ file: String) -> String {
            report.components(separatedBy: "== ").first { $0.hasPrefix(file + "\n") } ?? "(no section for \(file))"
        }
    }

    /// Validates `files` in one run (Saxon compiles the rules once), waiting off Swift's
    /// cooperative threads so servers in other suites keep running.
    static func validate(_ files: [String]) async throws -> Verdict {
        try await blocking { Result { try run(files) } }.get()
    }

    static func run(_ files: [String]) throws -> Verdict {
        var env = ProcessInfo.processInfo.environment
        env["STANDARDS_VENV"] = packageRoot.appendingPathComponent(".venv-test").path
        // O2CCore's ChildProcess (posix_spawn), not Foundation's Process (issue 8.13).
        let out = try ChildProcess.run("/bin/bash", arguments: [packageRoot.appendingPathComponent("Tests/Fixtures/validate.sh").path, "ubl", "--rules=en16931"] + files,
                                       environment: env, timeoutSeconds: 600)
        return Verdict(status: out.status, report: String(decoding: out.stdout + out.stderr, as: UTF8.self))
    }
}
