import Foundation
internal import Yams

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
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw ConfigError(message: "\(file): YAML syntax error: \(error)") }
        guard let doc = loaded as? [String: Any] else {
            if loaded == nil { return O2CConfig() }
            throw ConfigError(message: "\(file): expected a mapping of settings (db, home, user, smtp_url, models, rate_limit, rate_burst, metrics_auth)")
        }
        let known = ["db", "home", "user", "smtp_url", "models", "rate_limit", "rate_burst", "metrics_auth"]
        for key in doc.keys where !known.contains(key) {
            throw ConfigError(message: "\(file): unknown setting '\(key)'; known: \(known.joined(separator: ", "))")
        }
        var config = O2CConfig()
        config.db = doc["db"] as? String
        config.home = doc["home"] as? String
        config.user = doc["user"] as? String
        config.smtpURL = doc["smtp_url"] as? String
        for (key, value) in [("rate_limit", doc["rate_limit"]), ("rate_burst", doc["rate_burst"])] {
            guard let value else { continue }
            guard let n = (value as? Int).map(Double.init) ?? (value as? Double), n >= 0 else {
                throw ConfigError(message: "\(file): \(key) must be a number of requests, 0 or more")
            }
            if key == "rate_limit" { config.rateLimit = n } else { config.rateBurst = n }
        }
        if let value = doc["metrics_auth"] {
            guard let flag = value as? Bool else { throw ConfigError(message: "\(file): metrics_auth must be true or false") }
            config.metricsAuth = flag
        }
        if let models = doc["models"] {
            guard let map = models as? [String: Any] else { throw ConfigError(message: "\(file): 'models' must map names to endpoints") }
            for (name, value) in map {
                guard let m = value as? [String: Any] else { throw ConfigError(message: "\(file): models.\(name) must be a mapping") }
                let fields = ["provider", "base_url", "model", "timeout", "api_key_env"]
                for key in m.keys where !fields.contains(key) {
                    throw ConfigError(message: "\(file): models.\(name).\(key) is not a model setting; known: \(fields.joined(separator: ", "))")
                }
                if m["api_key"] != nil { throw ConfigError(message: "\(file): models.\(name): put the key in an environment variable and name it with api_key_env") }
                let provider = m["provider"] as? String ?? "openai"
                guard ["openai", "anthropic"].contains(provider) else {
                    throw ConfigError(message: "\(file): models.\(name).provider must be openai or anthropic, not '\(provider)'")
                }
                let timeout = (m["timeout"] as? Int).map(Double.init) ?? (m["timeout"] as? Double) ?? 60
                config.models[name] = ModelSettings(provider: provider, baseURL: m["base_url"] as? String,
                                                    apiKey: (m["api_key_env"] as? String).flatMap { environment[$0] }, model: m["model"] as? String,
                                                    timeoutSeconds: timeout)
            }
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
    /// What is wrong, with the file.
    public let message: String
    public var description: String { message }

    /// An error with its message.
    public init(message: String) { self.message = message }
}
