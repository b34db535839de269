/// One content rule for dunning emails from `guardrails/content/dunning.yaml`: phrases a level
/// must not use, or phrases a level must use at least one of.
public struct DunningRule: Sendable, Hashable {
    /// Whether the phrases are forbidden or required.
    public enum Kind: String, Sendable, Hashable {
        /// None of the phrases may appear.
        case forbidden
        /// At least one of the phrases must appear.
        case required
    }

    /// Short unique name.
    public let name: String
    /// Forbidden or required.
    public let kind: Kind
    /// The dunning levels (1 to 3) the rule applies to.
    public let levels: Set<Int>
    /// Phrases, matched as whole words, case-insensitively, after normalisation.
    public let phrases: [String]
    /// Regular expressions (ICU syntax), matched case-insensitively after normalisation.
    public let patterns: [String]
    /// For people (and for the model when it is asked to rewrite): why the rule exists.
    public let message: String

    /// A rule.
    public init(name: String, kind: Kind, levels: Set<Int>, phrases: [String] = [], patterns: [String] = [], message: String) {
        self.name = name
        self.kind = kind
        self.levels = levels
        self.phrases = phrases
        self.patterns = patterns
        self.message = message
    }
}
