import Foundation
import O2CCore
import O2CYAML

/// The optional `o2c.yaml` (SPEC §3): defaults for the ledger path, the home folder, the acting
/// user, and named model endpoints. Environment variables override it; flags override both.
///
/// ```yaml
/// db: ./o2c.sqlite
/// home: .
/// rate_limit: 20        # o2c serve: requests per second per token (0: no limit)
/// rate_burst: 40        # o2c serve: requests a token may make at once
/// metrics_auth: false   # o2c serve: GET /metrics needs a token
/// models:
///   default: { provider: openai, base_url: "http://127.0.0.1:11434/v1", model: llama3.1, timeout: 60 }
///   careful: { provider: anthropic, base_url: "https://api.anthropic.com", model: claude-sonnet-4, api_key_env: ANTHROPIC_API_KEY }
/// ```
/// A key is never written in the file: `api_key_env` names the environment variable holding it.
public struct O2CConfig: Sendable {
    /// The ledger path.
    public var db: String?
    /// The folder with agents/, prompts/, guardrails/.
    public var home: String?
    /// The acting user.
    public var user: String?
    /// SMTP URL for e-mail.
    public var smtpURL: String?
    /// Named model endpoints (`default`, …).
    public var models: [String: ModelSettings] = [:]
    /// `o2c serve`: requests per second per token (0: no limit).
    public var rateLimit: Double?
    /// `o2c serve`: requests a token may make at once.
    public var rateBurst: Double?
    /// `o2c serve`: whether `GET /metrics` needs a token.
    public var metricsAuth: Bool?

    /// No file.
    public init() {}

    /// Reads `path`, or `$O2C_CONFIG`, or `./o2c.yaml` when it exists; problems name the file and line.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> O2CConfig {
        let file = path ?? environment["O2C_CONFIG"] ?? "o2c.yaml"
        guard FileManager.default.fileExists(atPath: file) else {
            if path != nil || environment["O2C_CONFIG"] != nil { throw ConfigError(message: "\(file): no such file") }
            return O2CConfig()
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ConfigError(message: "\(file): cannot read it") }
        var reader = YAMLReader(file: file, text: text)
        let config = read(&reader, environment: environment)
        guard reader.diagnostics.isEmpty else { throw ConfigError(diagnostics: reader.diagnostics) }
        return config
    }

    static let settings = ["db", "home", "user", "smtp_url", "models", "rate_limit", "rate_burst", "metrics_auth"]
    static let modelFields = ["provider", "base_url", "model", "timeout", "api_key_env"]

    private static func read(_ reader: inout YAMLReader, environment: [String: String]) -> O2CConfig {
        var config = O2CConfig()
        guard let root = reader.root(empty: nil), !root.isNull,
              let doc = reader.fields(root, keys: settings, in: nil, kind: "setting",
                                      mustBe: "expected a mapping of settings (\(settings.joined(separator: ", ")))")
        else { return config }
        func text(_ node: YAMLNode?, _ key: String) -> String? { node.flatMap { $0.isNull ? nil : reader.text($0, key: key) } }
        func number(_ key: String) -> Double? {
            guard let node = doc[key] else { return nil }
            guard let n = node.double, n >= 0, n.isFinite else { reader.report(node, "\(key) must be a number of requests, 0 or more"); return nil }
            return n
        }
        config.db = text(doc["db"], "db")
        config.home = text(doc["home"], "home")
        config.user = text(doc["user"], "user")
        config.smtpURL = text(doc["smtp_url"], "smtp_url")
        config.rateLimit = number("rate_limit")
        config.rateBurst = number("rate_burst")
        config.metricsAuth = reader.bool(doc["metrics_auth"], key: "metrics_auth")
        guard let models = doc["models"] else { return config }
        guard let entries = models.entries else {
            reader.report(models, "'models' must map names to endpoints", suggestion: "e.g. 'default: { provider: openai, base_url: ..., model: ... }'")
            return config
        }
        for (key, value) in entries {
            let name = key.string ?? ""
            guard let m = reader.fields(value, keys: modelFields, in: "models.\(name)", kind: "model setting", mustBe: "models.\(name) must be a mapping",
                                        unknownHint: { $0 == "api_key" ? "put the key in an environment variable and name it with api_key_env" : nil })
            else { continue }
            let provider = text(m["provider"], "provider") ?? "openai"
            if !["openai", "anthropic"].contains(provider) {
                reader.report(m["provider"], "models.\(name).provider must be openai or anthropic, not '\(provider)'")
            }
            var timeout = 60.0
            if let t = m["timeout"] {
                if let n = t.double, n > 0, n.isFinite { timeout = n } else { reader.report(t, "models.\(name).timeout must be a number of seconds") }
            }
            config.models[name] = ModelSettings(provider: provider, baseURL: text(m["base_url"], "base_url"),
                                                apiKey: text(m["api_key_env"], "api_key_env").flatMap { environment[$0] },
                                                model: text(m["model"], "model"), timeoutSeconds: timeout)
        }
        return config
    }

    /// The settings for a profile's named model, with `O2C_LLM_*` variables on top.
    public func modelSettings(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelSettings {
        var s = models[name] ?? models["default"] ?? ModelSettings(provider: "openai", baseURL: nil, apiKey: nil, model: nil, timeoutSeconds: 60)
        if let v = environment["O2C_LLM_PROVIDER"], !v.isEmpty { s.provider = v }
        if let v = environment["O2C_LLM_BASE_URL"], !v.isEmpty { s.baseURL = v }
        if let v = environment["O2C_LLM_API_KEY"], !v.isEmpty { s.apiKey = v }
        if let v = environment["O2C_LLM_MODEL"], !v.isEmpty { s.model = v }
        if let v = environment["O2C_LLM_TIMEOUT"].flatMap(Double.init) { s.timeoutSeconds = v }
        return s
    }

    /// Model names profiles may use.
    public var modelNames: [String] { Array(Set(models.keys).union(["default"])).sorted() }
}

/// A problem in o2c.yaml.
public struct ConfigError: Error, CustomStringConvertible {
    /// What is wrong, with the file (one line per problem, each `file:line:column: …`).
    public let message: String
    /// The problems with their positions (empty when the file could not be read at all).
    public let diagnostics: [Diagnostic]
    /// The message.
    public var description: String { message }

    /// An error with its message.
    public init(message: String) {
        self.message = message
        self.diagnostics = []
    }

    /// An error with these problems.
    public init(diagnostics: [Diagnostic]) {
        self.message = diagnostics.map(\.description).joined(separator: "\n")
        self.diagnostics = diagnostics
    }
}
