import Foundation
import GRDB
import O2CAgents
import O2CCore
import O2CLedger
import O2CServer
import Testing

/// An order for `customer`, entered by the admin straight through the gate.
private func order(_ s: TestServer, for customer: String) throws -> String {
    let args: JSONValue = ["customer_id": .string(customer), "lines": [["sku": "WID-100", "quantity": 2]]]
    guard case .executed(let r) = try s.ledger.submit(ActionRequest(action: .createOrder, args: args, actor: .user("alice"))) else {
        throw ServerTestError(description: "the admin's order for \(customer) was not executed")
    }
    return r.id
}

/// A 20% discount a rep asks for over HTTP: it waits for a sales manager.
private func pendingDiscount(_ s: TestServer, rep: String, order: String, key: String) async throws -> String {
    let r = try await s.send("POST", "/v1/actions", as: rep, headers: ["Idempotency-Key": key],
                             body: #"{"action": "apply_discount", "args": {"order_id": "\#(order)", "discount_percent": "20", "reason": "loyal"}, "reason": "they asked"}"#)
    #expect(r.status == 202 && r.json["outcome"] == "pending_approval", "\(r.body)")
    return try #require(r.json["approval_id"]?.stringValue)
}

/// A customer of rita's (for sam's scope tests).
private func ritasCustomer(_ s: TestServer) throws -> (id: String, name: String) {
    guard let c = try s.ledger.customers(ListFilter(owner: "rita")).first, case let (id, name) = (c.id, c.name) else {
        throw ServerTestError(description: "rita has no customers in the demo")
    }
    return (id, name)
}

private func decision(_ digest: String, note: String? = nil) -> String {
    #"{"digest": "\#(digest)"\#(note.map { #", "note": "\#($0)""# } ?? "")}"#
}

@Suite struct ApprovalQueueTests {
    @Test func aRepListsShowsAndDecidesOnlyRequestsOnTheirOwnCustomers() async throws {
        try await TestServer.run { s in
            let rita = try ritasCustomer(s)
            let samsRequest = try await pendingDiscount(s, rep: "sam", order: try order(s, for: "C-001"), key: "d-1")
            let ritasRequest = try await pendingDiscount(s, rep: "rita", order: try order(s, for: rita.id), key: "d-1")
            let samsList = try await s.send("GET", "/v1/approvals", as: "sam")
            let samsIDs = (samsList.json.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(samsIDs.contains(samsRequest) && !samsIDs.contains(ritasRequest))
            #expect(!samsList.body.contains(rita.id))
            let managers = try await s.send("GET", "/v1/approvals?status=pending&role=sales_manager", as: "mia")
            let all = (managers.json.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(all.contains(samsRequest) && all.contains(ritasRequest))
            // Show, approve and reject of another rep's request: the same answer as for a missing id.
            let digest = try #require(try s.ledger.approvalRequest(ritasRequest)["args_digest"]?.stringValue)
            for (method, suffix, body) in [("GET", "", nil), ("POST", "/approve", decision(digest)), ("POST", "/reject", decision(digest, note: "no"))] {
                let foreign = try await s.send(method, "/v1/approvals/\(ritasRequest)\(suffix)", as: "sam", body: body)
                let missing = try await s.send(method, "/v1/approvals/AP-99999\(suffix)", as: "sam", body: body)
                #expect(foreign.status == 403 && foreign.errorCode == "outside_scope", "\(method) \(suffix): \(foreign.body)")
                #expect(missing.body.replacingOccurrences(of: "AP-99999", with: ritasRequest) == foreign.body)
                #expect(!foreign.body.contains(rita.name) && !foreign.body.contains(rita.id))
            }
            #expect(try s.ledger.approvalRequest(ritasRequest)["status"] == "pending")
            let own = try await s.send("GET", "/v1/approvals/\(samsRequest)", as: "sam")
            #expect(own.status == 200 && own.json["args_digest"]?.stringValue?.isEmpty == false)
            let otherRole = try await s.send("GET", "/v1/approvals/AP-99999", as: "mia")
            #expect(otherRole.status == 404 && otherRole.errorCode == "not_found")
            let badStatus = try await s.send("GET", "/v1/approvals?status=maybe", as: "mia")
            #expect(badStatus.status == 400)
        }
    }

    @Test func aDecisionNeedsTheDigestTheApproverWasShown() async throws {
        try await TestServer.run { s in
            let orderID = try order(s, for: "C-001")
            let id = try await pendingDiscount(s, rep: "sam", order: orderID, key: "d-2")
            let wrong = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "mia", body: decision(String(repeating: "0", count: 64)))
            #expect(wrong.status == 409 && wrong.errorCode == "digest_mismatch")
            let none = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "mia", body: #"{"note": "ok"}"#)
            #expect(none.status == 422 && none.errorCode == "invalid")
            #expect(try s.ledger.approvalRequest(id)["status"] == "pending")
            let shown = try await s.send("GET", "/v1/approvals/\(id)", as: "mia")
            let digest = try #require(shown.json["args_digest"]?.stringValue)
            let approved = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "mia", body: decision(digest, note: "fine"))
            #expect(approved.status == 200 && approved.json["status"] == "executed", "\(approved.body)")
            #expect(approved.json["decision"]?["outcome"] == "executed", "the answer says what the decision did")
            #expect(approved.json["approvals"]?.arrayValue?.first?["approver"] == "mia")
            #expect(try s.ledger.order(orderID).discountPercent.text.hasPrefix("20") == true)
            let again = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "carl", body: decision(digest))
            #expect(again.status == 409 && again.errorCode == "not_pending")
        }
    }

    @Test func theApproverIsTheTokensUserAndTheLedgerRulesApply() async throws {
        try await TestServer.run { s in
            let id = try await pendingDiscount(s, rep: "sam", order: try order(s, for: "C-001"), key: "d-3")
            let digest = try #require(try s.ledger.approvalRequest(id)["args_digest"]?.stringValue)
            // Separation of duties through the token: sam proposed it, so sam cannot approve it.
            let own = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "sam", body: decision(digest))
            #expect(own.status == 422 && own.errorCode == "refused")
            #expect(own.json["error"]?["message"]?.stringValue?.contains("proposer") == true, "\(own.body)")
            // No name in the body is taken for the approver.
            let named = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "sam", body: #"{"digest": "\#(digest)", "approver": "mia"}"#)
            #expect(named.status == 422 && named.errorCode == "invalid")
            // The rule names a sales manager: a credit manager is refused.
            let role = try await s.send("POST", "/v1/approvals/\(id)/approve", as: "carl", body: decision(digest))
            #expect(role.status == 422 && role.errorCode == "refused")
            let noNote = try await s.send("POST", "/v1/approvals/\(id)/reject", as: "mia", body: decision(digest))
            #expect(noNote.status == 422 && noNote.errorCode == "refused")
            let rejected = try await s.send("POST", "/v1/approvals/\(id)/reject", as: "mia", body: decision(digest, note: "too much"))
            #expect(rejected.status == 200 && rejected.json["status"] == "rejected" && rejected.json["decision"]?["outcome"] == "rejected")
            #expect(rejected.json["approvals"]?.arrayValue?.first?["approver"] == "mia")
        }
    }

    @Test func aLimitCutsTheQueueAfterTheRepsScopeNotBefore() async throws {
        try await TestServer.run { s in
            let rita = try ritasCustomer(s)
            var ritas: [String] = []
            for k in 0..<3 { ritas.append(try await pendingDiscount(s, rep: "rita", order: try order(s, for: rita.id), key: "r-\(k)")) }
            let sams = try await pendingDiscount(s, rep: "sam", order: try order(s, for: "C-001"), key: "s-1")
            let all = try await s.send("GET", "/v1/approvals", as: "mia")
            let first = try await s.send("GET", "/v1/approvals?limit=2", as: "mia")
            #expect(first.json.arrayValue?.compactMap { $0["id"]?.stringValue } == Array((all.json.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.prefix(2)))
            // sam's newest request comes after rita's three: a limit of as many as sam has still finds it.
            let samsAll = (try await s.send("GET", "/v1/approvals", as: "sam").json.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            #expect(samsAll.last == sams && ritas.allSatisfy { !samsAll.contains($0) }, "\(samsAll)")
            let mine = try await s.send("GET", "/v1/approvals?limit=\(samsAll.count)", as: "sam")
            #expect(mine.json.arrayValue?.compactMap { $0["id"]?.stringValue } == samsAll, "\(mine.body)")
            for bad in ["0", "-1", "x", "1000001"] {
                let r = try await s.send("GET", "/v1/approvals?limit=\(bad)", as: "mia")
                #expect(r.status == 400 && r.errorCode == "bad_request", "limit=\(bad): \(r.body)")
            }
        }
    }

    @Test func whoamiNamesTheTokensUserAndNeedsAToken() async throws {
        try await TestServer.run { s in
            let dana = try await s.send("GET", "/v1/whoami", as: "dana")
            #expect(dana.status == 200 && dana.json["name"] == "dana" && dana.json["role"] == "credit_manager", "\(dana.body)")
            #expect(dana.json["approval_limit"] == "25000.00" && dana.json["currency"] == "USD")
            #expect(dana.json["revoked"] == nil && !dana.body.contains("token"))
            let alice = try await s.send("GET", "/v1/whoami", as: "alice")
            #expect(alice.json["approval_limit"] == .null)
            let nobody = try await s.send("GET", "/v1/whoami")
            #expect(nobody.status == 401)
            let wrong = try await s.send("GET", "/v1/whoami", token: "o2c_wrong")
            #expect(wrong.status == 401 && !wrong.body.contains("o2c_wrong"))
        }
    }
}

@Suite struct ActionsRouteTests {
    @Test func actionsGoThroughTheGateWithTheOutcomeOfActionsSubmit() async throws {
        try await TestServer.run { s in
            let orderID = try order(s, for: "C-001")
            let body = #"{"action": "apply_discount", "args": {"order_id": "\#(orderID)", "discount_percent": "5", "reason": "loyal"}}"#
            let done = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "a-1"], body: body)
            #expect(done.status == 201 && done.json["outcome"] == "executed" && done.json["result"]?["id"]?.stringValue == orderID, "\(done.body)")
            let again = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "a-1"], body: body)
            #expect(again.status == 201 && again.json["result"]?["id"]?.stringValue == orderID)
            let other = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "a-1"],
                                         body: body.replacingOccurrences(of: #""5""#, with: #""6""#))
            #expect(other.status == 409 && other.errorCode == "idempotency_conflict")
            let notPermitted = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "a-2"],
                                                body: #"{"action": "set_credit_limit", "args": {"customer_id": "C-001", "credit_limit": "1.00"}}"#)
            #expect(notPermitted.status == 422 && ["denied", "invalid"].contains(notPermitted.json["outcome"]?.stringValue ?? ""), "\(notPermitted.body)")
            let typo = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "a-3"], body: #"{"action": "apply_discont", "args": {}}"#)
            #expect(typo.status == 422 && typo.json["outcome"] == "invalid")
            #expect(typo.json["messages"]?.arrayValue?.first?.stringValue?.contains("apply_discount") == true)
            let noKey = try await s.send("POST", "/v1/actions", as: "sam", body: body)
            #expect(noKey.status == 400 && noKey.errorCode == "missing_idempotency_key")
        }
    }

    @Test func aRepNamesOnlyTheirOwnCustomersDocuments() async throws {
        try await TestServer.run { s in
            let rita = try ritasCustomer(s)
            let ritasOrder = try order(s, for: rita.id)
            let ritasInvoice = try s.ledger.invoices(ListFilter(customerID: rita.id, limit: 1)).first?.id
            var attempts: [(String, String, String)] = [
                ("order", ritasOrder, #"{"action": "cancel_order", "args": {"order_id": "ID", "reason": "x"}}"#),
                ("customer", rita.id, #"{"action": "place_credit_hold", "args": {"customer_id": "ID", "reason": "x"}}"#),
            ]
            if let ritasInvoice {
                attempts.append(("invoice", ritasInvoice, #"{"action": "send_dunning_notice", "args": {"customer_id": "C-001", "invoice_ids": ["ID"], "level": 1}}"#))
            }
            #expect(ritasInvoice != nil)
            for (k, (what, id, template)) in attempts.enumerated() {
                let foreign = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "f-\(k)"],
                                               body: template.replacingOccurrences(of: "ID", with: id))
                let missing = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "m-\(k)"],
                                               body: template.replacingOccurrences(of: "ID", with: "X-404"))
                #expect(foreign.status == 403 && foreign.errorCode == "outside_scope", "\(what): \(foreign.body)")
                #expect(missing.body.replacingOccurrences(of: "X-404", with: id) == foreign.body, "\(what)")
                #expect(!foreign.body.contains(rita.name))
            }
            #expect(try s.ledger.order(ritasOrder).status != "cancelled")
        }
    }

    @Test func actingAsAnAgentIsForAdminsAndTheAuditNamesTheAdmin() async throws {
        try await TestServer.run { s in
            let orderID = try order(s, for: "C-001")
            let body = #"{"action": "apply_discount", "args": {"order_id": "\#(orderID)", "discount_percent": "3", "reason": "x"}, "as": "agent:sales-assistant"}"#
            let manager = try await s.send("POST", "/v1/actions", as: "mia", headers: ["Idempotency-Key": "as-1"], body: body)
            #expect(manager.status == 403 && manager.errorCode == "admins_only")
            let rep = try await s.send("POST", "/v1/actions", as: "sam", headers: ["Idempotency-Key": "as-1"], body: body)
            #expect(rep.status == 403 && rep.errorCode == "admins_only")
            let asUser = try await s.send("POST", "/v1/actions", as: "alice", headers: ["Idempotency-Key": "as-2"],
                                          body: body.replacingOccurrences(of: "agent:sales-assistant", with: "user:mia"))
            #expect(asUser.status == 422 && asUser.json["outcome"] == "invalid")
            let admin = try await s.send("POST", "/v1/actions", as: "alice", headers: ["Idempotency-Key": "as-3"], body: body)
            #expect(admin.status == 201 && admin.json["outcome"] == "executed", "\(admin.body)")
            let queue = try DatabaseQueue(path: s.ledger.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
            let last = try queue.read { db in try Row.fetchOne(db, sql: "SELECT actor, on_behalf_of FROM audit_log WHERE action = 'apply_discount' ORDER BY seq DESC LIMIT 1") }
            #expect(last?["actor"] as String? == "agent:sales-assistant")
            #expect(last?["on_behalf_of"] as String? == "alice", "the audit record must name the admin")
            try queue.close()
        }
    }
}

@Suite struct AccessLimitTests {
    @Test func failedAuthenticationIsLimitedPerClientAddressWhateverTheToken() async throws {
        let now = ManualSeconds()
        try await TestServer.run(configure: { c in
            c.failedAuthenticationsPerMinute = 3
            c.clock = { now.value }
        }) { s in
            for k in 0..<3 {
                #expect(try await s.send("GET", "/v1/customers", token: "o2c_guess-\(k)").status == 401)
            }
            let limited = try await s.send("GET", "/v1/customers", token: "o2c_guess-4")
            #expect(limited.status == 429 && limited.errorCode == "too_many_failed_logins")
            #expect(limited.header("Retry-After") == "20")
            // A valid token from the same address waits too (else the limit would confirm a good guess).
            let valid = try await s.send("GET", "/v1/customers", as: "sam")
            #expect(valid.status == 429)
            #expect(try await s.send("GET", "/healthz").status == 200)
            now.advance(20)
            #expect(try await s.send("GET", "/v1/customers", as: "sam").status == 200)
        }
    }

    @Test func metricsCanRequireAToken() async throws {
        try await TestServer.run(configure: { $0.metricsRequireToken = true }) { s in
            let open = try await s.send("GET", "/metrics")
            #expect(open.status == 401 && open.errorCode == "unauthorized")
            let withToken = try await s.send("GET", "/metrics", as: "mia")
            #expect(withToken.status == 200 && withToken.body.contains("o2c_http_requests_total"))
        }
    }

    @Test func aRateLimitOfZeroIsNoLimit() async throws {
        try await TestServer.run(configure: { c in
            c.requestsPerSecondPerToken = 0
            c.requestBurstPerToken = 1
        }) { s in
            var statuses: Set<Int> = []
            for _ in 0..<5 { statuses.insert(try await s.send("GET", "/v1/inventory/WID-100", as: "sam").status) }
            #expect(statuses == [200])
        }
    }
}

@Suite struct ServeSettingsTests {
    @Test func o2cYamlCarriesTheServersRateLimitAndMetricsSetting() throws {
        let path = NSTemporaryDirectory() + "o2c-serve-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "rate_limit: 0\nrate_burst: 5\nmetrics_auth: true\n".write(toFile: path, atomically: true, encoding: .utf8)
        let config = try O2CConfig.load(path: path, environment: [:])
        #expect(config.rateLimit == 0 && config.rateBurst == 5 && config.metricsAuth == true)
        try "rate_limit: fast\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try O2CConfig.load(path: path, environment: [:]) }
        try "metrics_auth: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try O2CConfig.load(path: path, environment: [:]) }
    }
}
