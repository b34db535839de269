/// One prompt-injection pattern from `guardrails/content/injection.yaml`.
public struct InjectionPattern: Sendable, Hashable {
    /// How the pattern text is read.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A regular expression (ICU syntax), matched case-insensitively.
        case regex
        /// Words matched as whole words, case-insensitively, any white space between them.
        case phrase
    }

    /// What a match does to the text's verdict.
    public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
        /// The text still goes to the model (as untrusted data); the finding is recorded in the trace.
        case flag
        /// The text does not go to the model; a person looks at it.
        case block

        /// `flag` < `block`.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .flag && rhs == .block }
    }

    /// Which form of the text the pattern is matched against.
    public enum Target: String, Sendable, Hashable, CaseIterable {
        /// The normalised text: fullwidth letters folded, invisible characters removed, look-alike
        /// letters mapped, accents dropped. The default, so tricks cannot split a phrase.
        case normalized
        /// The text exactly as received (to find the invisible characters themselves).
        case original
    }

    /// Short unique name, shown in traces and to reviewers.
    public let name: String
    /// How `pattern` is read.
    public let kind: Kind
    /// The regular expression or the phrase.
    public let pattern: String
    /// What a match does.
    public let severity: Severity
    /// Which form of the text is searched.
    public let target: Target
    /// For people: what the match suggests and what to do.
    public let message: String
    /// Texts the pattern must find (checked when the file is loaded).
    public let shouldMatch: [String]
    /// Texts the pattern must not find (checked when the file is loaded).
    public let shouldNotMatch: [String]

    /// A pattern.
    public init(
        name: String, kind: Kind, pattern: String, severity: Severity, target: Target = .normalized, message: String,
        shouldMatch: [String] = [], shouldNotMatch: [String] = []
    ) {
        self.name = name
        self.kind = kind
        self.pattern = pattern
        self.severity = severity
        self.target = target
        self.message = message
        self.shouldMatch = shouldMatch
        self.shouldNotMatch = shouldNotMatch
    }
}
