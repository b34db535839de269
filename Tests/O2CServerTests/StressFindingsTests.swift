import Foundation
import O2CCore
import Testing

/// Defects scripts/stress-http.sh (schemathesis against the running server) found, each through
/// the real server.
@Suite struct StressFindingsTests {
    /// openapi.yaml described GET /openapi.yaml as a string; the server serves a YAML mapping
    /// (the document itself), which a client parsing `application/yaml` gets.
    @Test func openAPIDocumentIsServedAsTheMappingItsSchemaDescribes() async throws {
        try await TestServer.run { s in
            let doc = try await s.send("GET", "/openapi.yaml")  // checked against openapi.yaml by send
            #expect(doc.status == 200)
            let text = Reply(status: 200, headers: ["Content-Type": "application/yaml"], body: "just text")
            #expect(!OpenAPIValidator.shared.check(method: "GET", path: "/openapi.yaml", reply: text).isEmpty,
                    "a body that is not a mapping must not pass as the document")
        }
    }
}
