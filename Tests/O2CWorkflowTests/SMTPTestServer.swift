import Foundation
import O2CCore

/// A real SMTP server for the tests: Python's aiosmtpd (installed by `make test` into
/// `.venv-test/`), started on a free port of 127.0.0.1; every message it accepts is written to
/// `directory` as `N.eml` with its envelope recipients in `N.rcpt`.
final class SMTPTestServer: Sendable {
    let directory: String
    let port: Int
    private let child: ChildProcess

    static let script = #"""
    import os, socket, sys, time
    from aiosmtpd.controller import Controller
    d = sys.argv[1]
    class Handler:
        async def handle_DATA(self, server, session, envelope):
            n = len([f for f in os.listdir(d) if f.endswith(".eml")])
            data = envelope.original_content or envelope.content
            with open(os.path.join(d, "%d.rcpt" % n), "w") as f: f.write("\n".join(envelope.rcpt_tos))
            with open(os.path.join(d, ".%d.tmp" % n), "wb") as f: f.write(data)
            os.rename(os.path.join(d, ".%d.tmp" % n), os.path.join(d, "%d.eml" % n))
            return "250 OK"
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    print(port, flush=True)
    sys.stdin.read()
    c.stop()
    """#

    /// The Python that has aiosmtpd: `.venv-test/bin/python` of the repository, else `python3`.
    static var python: String {
        let venv = WorkflowFixture.root + "/.venv-test/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/env"
    }

    /// Starts a server, runs `body` with it and stops it, whatever `body` does. Starting and
    /// stopping block on the Python process, so they run off Swift's cooperative threads (the
    /// tests share them with every other suite's servers).
    static func run(_ body: (SMTPTestServer) async throws -> Void) async throws {
        let server = try await blocking { Result { try SMTPTestServer() } }.get()
        do { try await body(server) } catch {
            await blocking { server.stop() }
            throw error
        }
        await blocking { server.stop() }
    }

    /// Starts the server; fails with what to do when aiosmtpd is missing.
    private init() throws {
        directory = NSTemporaryDirectory() + "o2c-smtp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let py = Self.python
        let prefix = py == "/usr/bin/env" ? ["python3"] : []
        let check = try ChildProcess.run(py, arguments: prefix + ["-c", "import aiosmtpd"])
        guard check.status == 0 else {
            throw FixtureError("the SMTP tests need Python's aiosmtpd, which is not importable by \(py == "/usr/bin/env" ? "python3" : py): "
                               + "run 'make test' (it installs aiosmtpd into .venv-test/) or '.venv-test/bin/pip install aiosmtpd'")
        }
        child = try ChildProcess.spawn(py, arguments: prefix + ["-c", Self.script, directory])
        guard let line = child.readLine(), let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            child.signal(SIGKILL)
            _ = child.wait()
            throw FixtureError("aiosmtpd did not start (no port printed)")
        }
        self.port = port
    }

    /// `smtp://127.0.0.1:PORT`, with `credentials` (user:password) when given.
    func url(credentials: String? = nil) -> String { "smtp://\(credentials.map { $0 + "@" } ?? "")127.0.0.1:\(port)" }

    /// The messages received, in order: (raw text, envelope recipients).
    func received() throws -> [(text: String, recipients: [String])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
        return try names.sorted { (Int($0.dropLast(4)) ?? 0) < (Int($1.dropLast(4)) ?? 0) }.map { name in
            let base = directory + "/" + String(name.dropLast(4))
            return (try String(contentsOfFile: base + ".eml", encoding: .utf8),
                    try String(contentsOfFile: base + ".rcpt", encoding: .utf8).split(separator: "\n").map(String.init))
        }
    }

    /// Stops the server and waits for it.
    func stop() {
        child.closeFD(child.stdinFD)
        if child.wait() != 0 { /* stopped either way */ }
    }
}

/// Decodes a quoted-printable body (the tests read what the server got).
func quotedPrintableDecoded(_ text: String) -> String {
    var bytes: [UInt8] = []
    let raw = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var i = 0
    while i < raw.count {
        if raw[i] == UInt8(ascii: "="), i + 2 < raw.count, let v = UInt8(String(decoding: raw[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
            bytes.append(v)
            i += 3
        } else {
            bytes.append(raw[i])
            i += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The header block and the decoded body of a raw message.
func splitMessage(_ raw: String) -> (headers: String, body: String) {
    guard let r = raw.range(of: "\r\n\r\n") else { return (raw, "") }
    return (String(raw[..<r.lowerBound]), quotedPrintableDecoded(String(raw[r.upperBound...])))
}
