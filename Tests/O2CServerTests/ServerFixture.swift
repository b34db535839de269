import Foundation
import O2CAgents
import O2CCore
import O2CDemo
import O2CLedger
import O2CLLM
import O2CScriptedModel
import O2CServer
import Testing
import Yams

struct ServerTestError: Error, CustomStringConvertible {
    let description: String
}

/// The repository's agents/, prompts/, guardrails/ and a fresh copy of the demo ledger per server.
enum ServerFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let asOf = BusinessDate(year: 2026, month: 11, day: 25) ?? BusinessDate(dayNumber: 0)

    static let template: String = {
        let dir = NSTemporaryDirectory() + "o2c-server-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/demo.sqlite"
        let clock = ManualClock(date: asOf.adding(days: -200))
        if let ledger = try? Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy) {
            try? ledger.setUp(DemoData.masterData(seed: DemoData.defaultSeed, asOf: asOf))
            _ = try? DemoData.populate(ledger, clock: clock, seed: DemoData.defaultSeed, asOf: asOf)
            try? DemoData.addUsers(ledger)
        }
        return path
    }()

    static func ledger() throws -> Ledger {
        let path = NSTemporaryDirectory() + "o2c-server-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return try Ledger.open(path: path, clock: ManualClock(date: asOf), policy: try O2CHome(root).policy())
    }
}

/// A real server on a random port with its own ledger, and a real HTTP client (libcurl).
final class TestServer: Sendable {
    let handle: ServerHandle
    let ledger: Ledger
    let tokens: [String: String]
    let transport = CurlTransport()

    private init(handle: ServerHandle, ledger: Ledger, tokens: [String: String]) {
        self.handle = handle
        self.ledger = ledger
        self.tokens = tokens
    }

    static func start(model: ScriptedModelServer? = nil, configure: (inout ServerConfig) -> Void = { _ in }) async throws -> TestServer {
        let ledger = try ServerFixture.ledger()
        var tokens: [String: String] = [:]
        for name in ["sam", "rita", "omar", "mia", "carl", "dana", "fiona", "alice"] { tokens[name] = try ledger.rotateToken(name: name).token }
        var config = ServerConfig(ledger: ledger, home: O2CHome(ServerFixture.root), port: 0,
                                  modelClient: model.map { OpenAIChatClient(baseURL: $0.openAIBaseURL, apiKey: "sk-test", retryPolicy: .none) },
                                  modelTimeoutSeconds: 5)
        config.logger.logLevel = .warning
        configure(&config)
        let handle = try await ServerHandle.start(config: config)
        return TestServer(handle: handle, ledger: ledger, tokens: tokens)
    }

    /// Starts a server, runs `body` with it, and awaits its shutdown whatever `body` does.
    static func run(model: ScriptedModelServer? = nil, configure: (inout ServerConfig) -> Void = { _ in },
                    _ body: (TestServer) async throws -> Void) async throws {
        let s = try await start(model: model, configure: configure)
        do { try await body(s) } catch {
            await s.stop()
            throw error
        }
        await s.stop()
    }

    func token(_ name: String) -> String { tokens[name] ?? "" }

    /// Sends a request; the response is checked against openapi.yaml before it is returned.
    func send(_ method: String, _ path: String, as user: String? = nil, token: String? = nil, headers: [String: String] = [:],
              body: String? = nil, contentType: String? = "application/json", validate: Bool = true) async throws -> Reply {
        var h = headers
        if let user { h["Authorization"] = "Bearer " + self.token(user) }
        if let token { h["Authorization"] = "Bearer " + token }
        if body != nil, let contentType { h["Content-Type"] = contentType }
        let spec = HTTPRequestSpec(method: method, url: "http://127.0.0.1:\(handle.port)\(path)", headers: h,
                                   body: body.map { Array($0.utf8) } ?? [], timeoutSeconds: 30)
        let r = try await transport.send(spec)
        let reply = Reply(status: r.status, headers: r.headers, body: String(decoding: r.body, as: UTF8.self))
        if validate {
            let problems = OpenAPIValidator.shared.check(method: method, path: path, reply: reply)
            #expect(problems.isEmpty, "\(method) \(path) → \(reply.status) does not match openapi.yaml: \(problems)\nbody: \(reply.body.prefix(500))")
        }
        return reply
    }

    func stop() async { await handle.shutdown() }
}

/// A response.
struct Reply: Sendable {
    let status: Int
    let headers: [String: String]
    let body: String

    func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    var json: JSONValue { (try? JSONParser().parse(body)) ?? .null }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    /// The value of one Prometheus series (`name{labels}` exactly as written out).
    func sample(_ series: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }
}

/// Checks a response against openapi.yaml: the status is documented for the operation (an error
/// status may fall to the operation's `default` response), the
/// content type is, and the JSON body fits the schema (type, required, properties, items, enum,
/// pattern, allOf, $ref).
final class OpenAPIValidator: @unchecked Sendable {
    static let shared = OpenAPIValidator()
    let text: String
    let doc: [String: Any]

    init() {
        text = (try? String(contentsOfFile: ServerFixture.root + "/openapi.yaml", encoding: .utf8)) ?? ""
        doc = ((try? Yams.load(yaml: text)) as? [String: Any]) ?? [:]
    }

    func resolve(_ node: Any?) -> Any? {
        guard let map = node as? [String: Any], let ref = map["$ref"] as? String else { return node }
        var current: Any? = doc
        for part in ref.dropFirst(2).split(separator: "/") { current = (current as? [String: Any])?[String(part)] }
        return resolve(current)
    }

    func template(for path: String) -> String? {
        let clean = path.split(separator: "?").first.map(String.init) ?? path
        let segments = clean.split(separator: "/").map(String.init)
        let paths = (doc["paths"] as? [String: Any]) ?? [:]
        return paths.keys.first { key in
            let t = key.split(separator: "/").map(String.init)
            return t.count == segments.count && zip(t, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    func check(method: String, path: String, reply: Reply) -> [String] {
        let paths = (doc["paths"] as? [String: Any]) ?? [:]
        guard let t = template(for: path) else {
            // Unknown routes: any 404 must still be the documented error shape.
            guard reply.status == 404 else { return ["undocumented path with status \(reply.status)"] }
            return validate(reply.json, resolve(["$ref": "#/components/schemas/Error"]), at: "$")
        }
        guard let op = (paths[t] as? [String: Any])?[method.lowercased()] as? [String: Any] else {
            return reply.status == 404 || reply.status == 405 ? validate(reply.json, resolve(["$ref": "#/components/schemas/Error"]), at: "$")
                : ["\(method) \(t) is not documented"]
        }
        let responses = (op["responses"] as? [String: Any]) ?? [:]
        guard let response = resolve(responses[String(reply.status)] ?? (reply.status >= 400 ? responses["default"] : nil)) as? [String: Any] else {
            return ["status \(reply.status) is not documented for \(method) \(t)"]
        }
        let type = reply.header("content-type")?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let content = response["content"] as? [String: Any] else { return reply.body.isEmpty ? [] : ["a body where none is documented"] }
        guard let media = content[type] as? [String: Any] else { return ["content type '\(type)' is not documented (\(content.keys.sorted()))"] }
        if type == "application/yaml" { return validate(Self.json(try? Yams.load(yaml: reply.body)), resolve(media["schema"]), at: "$") }
        guard type == "application/json" else { return [] }
        guard let parsed = try? JSONParser().parse(reply.body) else { return ["the body is not JSON"] }
        return validate(parsed, resolve(media["schema"]), at: "$")
    }

    func validate(_ value: JSONValue, _ schemaNode: Any?, at path: String) -> [String] {
        guard let schema = resolve(schemaNode) as? [String: Any] else { return [] }
        var problems: [String] = []
        if let all = schema["allOf"] as? [Any] {
            for s in all { problems += validate(value, s, at: path) }
        }
        var types: [String] = []
        if let t = schema["type"] as? String { types = [t] }
        if let t = schema["type"] as? [Any] { types = t.compactMap { $0 as? String } }
        if !types.isEmpty && !types.contains(where: { Self.matches(value, $0) }) {
            return problems + ["\(path): expected \(types.joined(separator: "|")), got \(value.typeName)"]
        }
        if let options = schema["enum"] as? [Any], let s = value.stringValue, !options.contains(where: { ($0 as? String) == s }) {
            problems.append("\(path): '\(s)' is not one of \(options)")
        }
        if let pattern = schema["pattern"] as? String, let s = value.stringValue,
           s.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): '\(s)' does not match \(pattern)")
        }
        if case .object(let o) = value {
            for r in (schema["required"] as? [Any])?.compactMap({ $0 as? String }) ?? [] where o[r] == nil {
                problems.append("\(path): missing required '\(r)'")
            }
            let props = (schema["properties"] as? [String: Any]) ?? [:]
            for m in o {
                if let p = props[m.key] { problems += validate(m.value, p, at: path + "." + m.key) }
                else if (schema["additionalProperties"] as? Bool) == false { problems.append("\(path): unexpected '\(m.key)'") }
            }
        }
        if case .array(let a) = value, let items = schema["items"] {
            for (k, v) in a.enumerated() { problems += validate(v, items, at: "\(path)[\(k)]") }
        }
        return problems
    }

    /// A loaded YAML value as JSON (scalars as strings), for checking its shape.
    static func json(_ value: Any?) -> JSONValue {
        switch value {
        case let map as [String: Any]: return .object(JSONObject(map.keys.sorted().map { ($0, json(map[$0])) }))
        case let list as [Any]: return .array(list.map(json))
        case nil: return .null
        case let some?: return .string("\(some)")
        }
    }

    static func matches(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): return true
        case ("integer", .number(let n)): return !n.contains(".") && !n.lowercased().contains("e")
        default: return false
        }
    }
}
