import Foundation
import Logging
import O2CCore
import O2CScriptedModel
import O2CServer
import Testing

/// Collects log lines in memory.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

struct CaptureHandler: LogHandler {
    let sink: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let meta = (metadata.merging(event.metadata ?? [:]) { _, b in b }).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.append("\(event.level) \(event.message) \(meta)")
    }
}

@Suite struct OperationsTests {
    @Test func accessLogHasMethodPathStatusUserButNeverTheToken() async throws {
        let sink = CapturedLog()
        let s = try await TestServer.start { $0.logger = Logger(label: "test") { _ in CaptureHandler(sink: sink) } }
        _ = try await s.send("GET", "/v1/customers/C-001", as: "sam")
        _ = try await s.send("GET", "/v1/customers", token: "o2c_wrong-token-123")
        _ = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "log-1"],
                             body: #"{"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 1}]}"#)
        await s.stop()
        let lines = sink.all.filter { $0.contains("request") && $0.contains("status=") }
        #expect(lines.count == 3, "\(sink.all)")
        #expect(lines.contains { $0.contains("method=GET") && $0.contains("path=/v1/customers/C-001") && $0.contains("status=200") && $0.contains("user=sam") && $0.contains("ms=") })
        #expect(lines.contains { $0.contains("status=401") && $0.contains("user=-") })
        for line in sink.all {
            #expect(!line.contains(s.token("sam")))
            #expect(!line.contains("o2c_wrong-token-123"))
        }
    }

    @Test func aHandlerOverTheRequestTimeoutIs503() async throws {
        let model = ScriptedModelServer(script: [.text("late", latencyMs: 3_000)])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model, configure: { $0.requestTimeoutSeconds = 0.5 }) { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "slow?"}"#)
            #expect(r.status == 503 && r.errorCode == "timeout")
            // The watcher cancelled that route's task only: the next requests are answered.
            for _ in 0..<3 {
                #expect(try await s.send("GET", "/v1/whoami", as: "sam").status == 200)
            }
        }
    }
}
