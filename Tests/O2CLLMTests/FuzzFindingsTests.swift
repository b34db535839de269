import Foundation
import O2CLLM
import Testing

/// The streams kept from scripts/fuzz.sh for the SSE parser (Tests/Fixtures/fuzz/sse/: crash-*
/// findings, corpus-* inputs its runs reached deep with; the first byte sets the chunk size), fed
/// as the fuzz target feeds them: each parses, never a trap.
@Suite struct FuzzFindingsTests {
    static func inputs(_ target: String) -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/fuzz/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: inputs("sse"))
    func streamParsesInAnyChunking(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard let first = bytes.first else { return }
        var parser = SSEParser(), events: [SSEEvent] = []
        var rest = bytes.dropFirst()
        while !rest.isEmpty {
            events += parser.feed(Array(rest.prefix(Int(first) + 1)))
            rest = rest.dropFirst(Int(first) + 1)
        }
        events += parser.finish()
        #expect(events.count <= bytes.count, "no more events than bytes")
    }
}
