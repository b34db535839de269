import Foundation
import O2CCore
import O2CLedger
import O2CLLM
import O2CScriptedModel
import O2CServer
import Testing

private let order1 = #"{"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 2}]}"#

/// A customer of rita's, with an order and an invoice of it (for sam's scope tests).
private func ritasCustomer(_ ledger: Ledger) throws -> (id: String, name: String, order: String?, invoice: String?) {
    guard let c = try ledger.customers(ListFilter(owner: "rita")).first, case let (id, name) = (c.id, c.name) else {
        throw ServerTestError(description: "rita has no customers in the demo")
    }
    let order = try ledger.orders(ListFilter(customerID: id, limit: 1)).first?.id
    let invoice = try ledger.invoices(ListFilter(customerID: id, limit: 1)).first?.id
    return (id, name, order, invoice)
}

@Suite struct AuthTests {
    @Test func noBadOrRevokedTokenIs401() async throws {
        try await TestServer.run { s in
            let none = try await s.send("GET", "/v1/customers")
            #expect(none.status == 401 && none.errorCode == "unauthorized")
            #expect(none.header("WWW-Authenticate") == "Bearer")
            let bad = try await s.send("GET", "/v1/customers", token: "o2c_not-a-token")
            #expect(bad.status == 401 && bad.errorCode == "unauthorized")
            let basic = try await s.send("GET", "/v1/customers", headers: ["Authorization": "Basic c2FtOnNhbQ=="])
            #expect(basic.status == 401)
            let before = try await s.send("GET", "/v1/customers", as: "omar")
            #expect(before.status == 200)
            try s.ledger.revokeUser(name: "omar")
            let revoked = try await s.send("GET", "/v1/customers", as: "omar")
            #expect(revoked.status == 401 && revoked.errorCode == "unauthorized")
            #expect(!revoked.body.contains(s.token("omar")))
        }
    }

    @Test func publicEndpointsNeedNoToken() async throws {
        try await TestServer.run { s in
            let health = try await s.send("GET", "/healthz")
            #expect(health.status == 200 && health.json["status"] == "ok")
            let doc = try await s.send("GET", "/openapi.yaml")
            #expect(doc.status == 200)
            #expect(doc.body == OpenAPIValidator.shared.text, "the served document must equal openapi.yaml at the repository root")
            _ = try await s.send("GET", "/v1/customers/C-001", as: "sam")
            let metrics = try await s.send("GET", "/metrics")
            #expect(metrics.status == 200)
            // Metrics are per process (swift-metrics), and other tests run beside this one: at least this request.
            #expect((metrics.sample(#"o2c_http_requests_total{route="/v1/customers/{id}",method="GET",status="200"}"#) ?? 0) >= 1)
            #expect(!metrics.body.contains("C-001"), "series are labelled by route template, never by a raw path")
            #expect(metrics.body.contains(#"o2c_http_request_duration_seconds_bucket{route="/v1/customers/{id}",method="GET",status="200",le="+Inf"}"#))
            #expect(metrics.sample("o2c_approvals_pending") != nil)
            #expect(metrics.sample(#"o2c_agent_runs_total{state="completed"}"#) != nil)
            #expect(metrics.sample(#"o2c_model_tokens_total{direction="input"}"#) != nil)
        }
    }
}

@Suite struct ScopeTests {
    @Test func aRepSeesNothingOfAnotherRepsCustomer() async throws {
        try await TestServer.run { s in
            let rita = try ritasCustomer(s.ledger)
            var bodies: [String] = []
            let list = try await s.send("GET", "/v1/customers", as: "sam")
            #expect(list.status == 200)
            let owners = Set((list.json["customers"]?.arrayValue ?? []).compactMap { $0["owner"]?.stringValue })
            #expect(owners == ["sam"])
            bodies.append(list.body)
            var paths = ["/v1/customers/\(rita.id)", "/v1/customers/\(rita.id)/credit"]
            if let o = rita.order { paths.append("/v1/orders/\(o)") }
            if let i = rita.invoice { paths.append("/v1/invoices/\(i)") }
            for path in paths {
                let r = try await s.send("GET", path, as: "sam")
                #expect(r.status == 403 && r.errorCode == "outside_scope", "\(path)")
                bodies.append(r.body)
            }
            #expect(rita.order != nil && rita.invoice != nil)
            let post = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "scope-1"],
                                        body: #"{"customer_id": "\#(rita.id)", "lines": [{"sku": "WID-100", "quantity": 1}]}"#)
            #expect(post.status == 403 && post.errorCode == "outside_scope")
            bodies.append(post.body)
            for b in bodies {
                #expect(!b.contains(rita.name))
                #expect(!b.contains("\"owner\":\"rita\""))
            }
            // A missing customer gets the very same answer (no existence oracle).
            let missing = try await s.send("GET", "/v1/customers/C-9999", as: "sam")
            let foreign = try await s.send("GET", "/v1/customers/\(rita.id)", as: "sam")
            #expect(missing.status == foreign.status)
            #expect(missing.body.replacingOccurrences(of: "C-9999", with: rita.id) == foreign.body)
            // The rep's own customer is readable.
            let own = try await s.send("GET", "/v1/customers/C-001/credit", as: "sam")
            #expect(own.status == 200 && own.json["customer_id"] == "C-001")
        }
    }

    @Test func otherRolesSeeEveryCustomerAndGet404ForMissing() async throws {
        try await TestServer.run { s in
            let rita = try ritasCustomer(s.ledger)
            let r = try await s.send("GET", "/v1/customers/\(rita.id)", as: "mia")
            #expect(r.status == 200 && r.json["name"]?.stringValue == rita.name)
            if let order = rita.order {
                let o = try await s.send("GET", "/v1/orders/\(order)", as: "mia")
                #expect(o.status == 200 && o.json["history"]?.arrayValue != nil)
            }
            if let invoice = rita.invoice {
                let i = try await s.send("GET", "/v1/invoices/\(invoice)", as: "mia")
                #expect(i.status == 200)
            }
            let missing = try await s.send("GET", "/v1/customers/C-9999", as: "mia")
            #expect(missing.status == 404 && missing.errorCode == "not_found")
            let all = try await s.send("GET", "/v1/customers", as: "mia")
            #expect((all.json["customers"]?.arrayValue?.count ?? 0) > 4)
            let stock = try await s.send("GET", "/v1/inventory/WID-100", as: "sam")
            #expect(stock.status == 200 && stock.json["sku"] == "WID-100")
            let noSku = try await s.send("GET", "/v1/inventory/NOPE-1", as: "sam")
            #expect(noSku.status == 404 && noSku.errorCode == "not_found")
        }
    }

    @Test func askingAboutAnotherRepsCustomerLeaksNothing() async throws {
        let ledger = try ServerFixture.ledger()
        let rita = try ritasCustomer(ledger)
        let model = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "\#(rita.id)"}"#)]),
            .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"name": "\#(rita.name.prefix(5))"}"#)]),
            .text("I can't help with that account."),
        ])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model) { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "What is the credit limit of \#(rita.id)?"}"#)
            #expect(r.status == 200)
            #expect(r.json["answer"] == "I can't help with that account.")
            #expect(r.json["tool_calls"]?.arrayValue?.count == 2)
            #expect(!r.body.contains(rita.name))
            // Nor did the tools hand the model anything about the customer.
            for req in model.requests { #expect(!req.body.contains(rita.name), "a tool result carried rita's customer to the model") }
            // Naming the customer in the request is refused up front.
            let direct = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "limit?", "customer_id": "\#(rita.id)"}"#)
            #expect(direct.status == 403 && direct.errorCode == "outside_scope")
        }
    }
}

@Suite struct OrderIntakeTests {
    @Test func sameKeySameBodyIsTheSameOrderOtherBodyIs409() async throws {
        try await TestServer.run { s in
            let first = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "po-1"], body: order1)
            #expect(first.status == 201)
            let id = try #require(first.json["id"]?.stringValue)
            #expect(first.header("Location") == "/v1/orders/\(id)")
            let again = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "po-1"], body: order1)
            #expect(again.status == 201 && again.json["id"]?.stringValue == id)
            let other = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "po-1"],
                                         body: #"{"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 3}]}"#)
            #expect(other.status == 409 && other.errorCode == "idempotency_conflict")
            #expect(try s.ledger.orders(ListFilter(customerID: "C-001")).filter { $0.id == id }.count == 1)
        }
    }

    @Test func badRequestsAreRefusedWithTheRightStatus() async throws {
        try await TestServer.run { s in
            let noKey = try await s.send("POST", "/v1/orders", as: "sam", body: order1)
            #expect(noKey.status == 400 && noKey.errorCode == "missing_idempotency_key")
            let malformed = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "m-1"], body: #"{"customer_id": "C-001", "lines": [}"#)
            #expect(malformed.status == 400 && malformed.errorCode == "malformed_json")
            let wrongType = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "m-2"], body: order1, contentType: "text/plain")
            #expect(wrongType.status == 415 && wrongType.errorCode == "unsupported_media_type")
            let invalid = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "m-3"],
                                           body: #"{"customer_id": "C-001", "lines": [{"sku": "WID-100", "quantity": 0}]}"#)
            #expect(invalid.status == 422 && invalid.errorCode == "invalid")
            #expect((invalid.json["error"]?["messages"]?.arrayValue?.count ?? 0) >= 1)
            let huge = String(repeating: " ", count: (1 << 20) + 10)
            let tooLarge = try await s.send("POST", "/v1/orders", as: "sam", headers: ["Idempotency-Key": "m-4"], body: "{" + huge + "}")
            #expect(tooLarge.status == 413 && tooLarge.errorCode == "body_too_large")
            let unknown = try await s.send("GET", "/v2/nothing", as: "sam")
            #expect(unknown.status == 404 && unknown.errorCode == "not_found")
            let wrongMethod = try await s.send("DELETE", "/v1/customers", as: "sam")
            #expect([404, 405].contains(wrongMethod.status) && wrongMethod.errorCode != nil, "\(wrongMethod.status) \(wrongMethod.body)")
            let askMalformed = try await s.send("POST", "/v1/ask", as: "sam", body: "not json")
            #expect(askMalformed.status == 400 && askMalformed.errorCode == "malformed_json")
        }
    }

    @Test func shutdownUnderLoadLosesNoAcceptedOrder() async throws {
        let s = try await TestServer.start { $0.requestBurstPerToken = 1000; $0.requestsPerSecondPerToken = 1000 }
        let n = 60
        let (firstReply, signal) = AsyncStream<Void>.makeStream()
        let results = await withTaskGroup(of: Reply?.self) { group in
            for k in 0..<n {
                group.addTask {
                    let r = try? await s.send("POST", "/v1/orders", as: "mia", headers: ["Idempotency-Key": "load-\(k)"],
                                              body: #"{"customer_id": "C-00\#(1 + k % 9)", "lines": [{"sku": "WID-100", "quantity": 1}]}"#, validate: false)
                    signal.yield()
                    return r
                }
            }
            group.addTask {
                // Shut down as soon as the first answer is back: the rest are in flight or not yet sent.
                for await _ in firstReply { break }
                await s.handle.beginShutdown()
                return nil
            }
            var out: [Reply] = []
            for await r in group { if let r { out.append(r) } }
            return out
        }
        signal.finish()
        await s.handle.waitUntilStopped()
        let created = results.filter { $0.status == 201 }
        #expect(!created.isEmpty)
        // After the shutdown nothing is accepted.
        let late = try? await s.send("GET", "/healthz", validate: false)
        #expect(late == nil)
        for r in created {
            let id = try #require(r.json["id"]?.stringValue)
            #expect(throws: Never.self) { _ = try s.ledger.order(id) }
        }
        #expect(results.allSatisfy { [201, 202].contains($0.status) }, "\(results.map(\.status))")
        // Every order the ledger holds under these keys was answered or is simply not acknowledged; none is half-written.
        #expect(try s.ledger.invariantViolations().isEmpty)
    }
}

@Suite struct AskTests {
    @Test func noModelIs503() async throws {
        try await TestServer.run { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "How is Acme doing?"}"#)
            #expect(r.status == 503 && r.errorCode == "no_model")
        }
    }

    @Test func tooLongQuestionIs422() async throws {
        try await TestServer.run { s in
            let q = String(repeating: "a", count: 4_001)
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "\#(q)"}"#)
            #expect(r.status == 422 && r.errorCode == "question_too_long")
        }
    }

    @Test func jsonAnswerListsToolCallsAndUsage() async throws {
        let model = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-001", "amount": "1000.00"}"#)]),
            .text("Acme Corp has room for it."),
        ])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model) { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "Can Acme take 1000 more on credit?"}"#)
            #expect(r.status == 200)
            #expect(r.json["answer"] == "Acme Corp has room for it.")
            #expect(r.json["tool_calls"]?.arrayValue?.first?["tool"] == "credit_check")
            #expect(r.json["run_id"]?.stringValue?.hasPrefix("RUN-") == true)
            let metrics = try await s.send("GET", "/metrics")
            #expect((metrics.sample(#"o2c_agent_runs_total{state="completed"}"#) ?? 0) >= 1)
        }
    }

    @Test func aWriteQuestionOnlyCreatesAnApprovalRequest() async throws {
        let model = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "place_credit_hold", argumentsJSON: #"{"customer_id": "C-001", "reason": "rep asked"}"#)]),
            .text("A request is waiting for a credit manager."),
        ])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model) { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", body: #"{"question": "Put Acme on hold"}"#)
            #expect(r.status == 200)
            #expect(r.json["state"] == "waiting_approval")
            let approvals = r.json["approval_ids"]?.arrayValue ?? []
            #expect(approvals.count == 1)
            #expect(r.json["tool_calls"]?.arrayValue?.first?["outcome"] == "pending_approval")
            #expect(try s.ledger.customer("C-001").onHold == false)
        }
    }

    @Test func streamingFramesToolCallDeltaDone() async throws {
        let model = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "inventory_lookup", argumentsJSON: #"{"sku": "WID-100"}"#)]),
            .text("WID-100 is in stock."),
        ])
        try model.start()
        defer { model.stop() }
        try await TestServer.run(model: model) { s in
            let r = try await s.send("POST", "/v1/ask", as: "sam", headers: ["Accept": "text/event-stream"], body: #"{"question": "Is WID-100 in stock?"}"#)
            #expect(r.status == 200)
            #expect(r.header("Content-Type")?.hasPrefix("text/event-stream") == true)
            let frames = r.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            let events = frames.compactMap { f in f.split(separator: "\n").first { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) } }
            #expect(events == ["tool_call", "delta", "done"], "\(r.body)")
            #expect(r.body.hasSuffix("\n\n"))
            for f in frames {
                let lines = f.split(separator: "\n")
                #expect(lines.count == 2 && lines[1].hasPrefix("data: "))
                if lines.count == 2 { #expect((try? JSONParser().parse(String(lines[1].dropFirst(6)))) != nil) }
            }
            if let done = frames.last?.split(separator: "\n").last, let json = try? JSONParser().parse(String(done.dropFirst(6))) {
                #expect(OpenAPIValidator.shared.validate(json, ["$ref": "#/components/schemas/AskResponse"], at: "$").isEmpty)
                #expect(json["answer"] == "WID-100 is in stock.")
            }
        }
    }
}

@Suite struct LimitTests {
    @Test func rateLimitIs429WithRetryAfter() async throws {
        let now = ManualSeconds()
        try await TestServer.run(configure: { c in
            c.requestBurstPerToken = 3
            c.requestsPerSecondPerToken = 0.5
            c.clock = { now.value }
        }) { s in
            for _ in 0..<3 { #expect(try await s.send("GET", "/v1/customers", as: "sam").status == 200) }
            let limited = try await s.send("GET", "/v1/customers", as: "sam")
            #expect(limited.status == 429 && limited.errorCode == "rate_limited")
            #expect(limited.header("Retry-After") == "2")
            // Another token has its own bucket.
            #expect(try await s.send("GET", "/v1/customers", as: "rita").status == 200)
            now.advance(2)
            #expect(try await s.send("GET", "/v1/customers", as: "sam").status == 200)
        }
    }

    @Test func openAPIDocumentParsesAndCoversEveryRoute() throws {
        let paths = (OpenAPIValidator.shared.doc["paths"] as? [String: Any]) ?? [:]
        #expect(OpenAPIValidator.shared.doc["openapi"] as? String == "3.1.0")
        #expect(Set(paths.keys) == ["/", "/healthz", "/metrics", "/openapi.yaml", "/v1/ask", "/v1/customers", "/v1/customers/{id}",
                                    "/v1/approvals", "/v1/approvals/{id}", "/v1/approvals/{id}/approve", "/v1/approvals/{id}/reject", "/v1/actions", "/v1/whoami",
                                    "/v1/customers/{id}/credit", "/v1/orders/{id}", "/v1/invoices/{id}", "/v1/inventory/{sku}", "/v1/orders"])
    }
}

/// A settable clock for the rate limiter.
final class ManualSeconds: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1000.0
    var value: Double { lock.withLock { seconds } }
    func advance(_ by: Double) { lock.withLock { seconds += by } }
}
