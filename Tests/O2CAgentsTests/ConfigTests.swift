import Foundation
import O2CAgents
import Testing

@Suite("o2c.yaml")
struct ConfigTests {
    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "o2c-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func namedModelsWithTheEnvironmentOnTop() throws {
        let path = try Self.file("""
            db: ./books.sqlite
            models:
              default: { provider: openai, base_url: "http://127.0.0.1:11434/v1", model: llama3.1, timeout: 30 }
              careful: { provider: anthropic, base_url: "https://api.anthropic.com", model: claude-x, api_key_env: MY_KEY }
            """)
        let config = try O2CConfig.load(path: path, environment: ["MY_KEY": "k-123"])
        #expect(config.db == "./books.sqlite")
        #expect(config.modelNames == ["careful", "default"])
        let careful = config.modelSettings(named: "careful", environment: [:])
        #expect(careful.provider == "anthropic" && careful.model == "claude-x")
        let fromFile = try O2CConfig.load(path: path, environment: ["MY_KEY": "k-123"]).models["careful"]
        #expect(fromFile?.apiKey == "k-123")
        let overridden = config.modelSettings(named: "default", environment: ["O2C_LLM_MODEL": "qwen", "O2C_LLM_TIMEOUT": "5"])
        #expect(overridden.model == "qwen" && overridden.timeoutSeconds == 5 && overridden.baseURL == "http://127.0.0.1:11434/v1")
        #expect(config.modelSettings(named: "unknown", environment: [:]).model == "llama3.1", "falls back to default")
    }

    @Test(arguments: [
        ("colour: blue\n", "unknown setting 'colour'"),
        ("models:\n  default: { provider: openai, api_key: sk-123 }\n", "api_key_env"),
        ("models:\n  default: { provider: mystery }\n", "openai or anthropic"),
        ("models: [a, b\n", "YAML syntax error"),
    ])
    func mistakesAreRefusedWithTheFileAndWhatToDo(text: String, expected: String) throws {
        let path = try Self.file(text)
        do {
            _ = try O2CConfig.load(path: path, environment: [:])
            Issue.record("accepted: \(text)")
        } catch let e as ConfigError {
            #expect(e.message.hasPrefix(path))
            #expect(e.message.contains(expected), "\(e.message)")
        }
    }

    @Test func noFileMeansDefaults() throws {
        let config = try O2CConfig.load(path: nil, environment: ["O2C_LLM_BASE_URL": "http://x/v1"])
        #expect(config.models.isEmpty)
        #expect(config.modelSettings(named: "default", environment: ["O2C_LLM_BASE_URL": "http://x/v1"]).baseURL == "http://x/v1")
    }
}
