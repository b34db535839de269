import Foundation
import O2CLLM

/// Which model endpoint to use (SPEC §3): `O2C_LLM_PROVIDER`, `O2C_LLM_BASE_URL`,
/// `O2C_LLM_API_KEY`, `O2C_LLM_MODEL`, `O2C_LLM_TIMEOUT`.
public struct ModelSettings: Sendable, CustomStringConvertible {
    /// `openai` (any Chat Completions endpoint) or `anthropic`.
    public var provider: String
    /// Endpoint base, e.g. `http://127.0.0.1:11434/v1`.
    public var baseURL: String?
    /// Secret; never printed, logged or stored.
    public var apiKey: String?
    /// Model name sent to the endpoint.
    public var model: String?
    /// Seconds per request.
    public var timeoutSeconds: Double

    /// Settings from the environment.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> ModelSettings {
        ModelSettings(provider: env["O2C_LLM_PROVIDER"] ?? "openai", baseURL: env["O2C_LLM_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                      apiKey: env["O2C_LLM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }, model: env["O2C_LLM_MODEL"],
                      timeoutSeconds: env["O2C_LLM_TIMEOUT"].flatMap(Double.init) ?? 60)
    }

    /// Whether an endpoint is configured.
    public var isConfigured: Bool { baseURL != nil }

    /// A client for the endpoint, or nil when none is configured.
    public func client(retryPolicy: RetryPolicy = .standard) -> (any ModelClient)? {
        guard let baseURL else { return nil }
        switch provider {
        case "anthropic": return AnthropicMessagesClient(baseURL: baseURL, apiKey: apiKey, retryPolicy: retryPolicy)
        default: return OpenAIChatClient(baseURL: baseURL, apiKey: apiKey, retryPolicy: retryPolicy)
        }
    }

    /// The model name to send (`O2C_LLM_MODEL`, else the profile's).
    public func modelName(profileModel: String) -> String { model ?? profileModel }

    /// Provider and endpoint, never the key.
    public var description: String { "\(provider) at \(baseURL ?? "(none)")\(apiKey == nil ? "" : " with an API key")" }
}
