import O2CCore

/// An agent, as its profile file `agents/NAME.yaml` describes it (SPEC §9). A profile is data:
/// adding an agent never needs Swift code.
public struct AgentProfile: Sendable {
    /// Limits of one run.
    public struct Limits: Sendable, Equatable {
        /// Model calls per run.
        public var maxSteps: Int
        /// Input + output tokens per run.
        public var maxTokens: Int
        /// Wall time per run.
        public var timeoutSeconds: Int

        /// Defaults: 8 steps, 20,000 tokens, 120 s.
        public static let standard = Limits(maxSteps: 8, maxTokens: 20_000, timeoutSeconds: 120)
        /// Allowed ranges.
        public static let stepsRange = 1...50, tokensRange = 500...1_000_000, timeoutRange = 1...3600
    }

    /// The agent's name (file name without `.yaml`).
    public var name: String
    /// One line for people.
    public var description: String
    /// The job title the model takes on.
    public var role: String
    /// What it is for.
    public var goal: String
    /// Instructions, a Mustache template (`{{> partial}}` includes `prompts/partial.md`).
    public var instructions: String
    /// Tools it may use.
    public var tools: [String]
    /// Named guardrail files that bind its writes (besides the global ones).
    public var guardrails: [String]
    /// Events that start it.
    public var triggers: [String]
    /// The named model it uses (`default`).
    public var model: String
    /// Run limits.
    public var limits: Limits
    /// The profile file.
    public var file: String
    /// Where each key and list item sits in the file, for messages: `tools[2]` → (line, column).
    public var positions: [String: SourceSpot]

    /// Where a profile field was written.
    public struct SourceSpot: Sendable, Equatable {
        /// 1-based line.
        public let line: Int
        /// 1-based column.
        public let column: Int
    }
}
