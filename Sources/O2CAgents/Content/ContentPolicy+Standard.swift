import O2CLedger

// The shipped guardrails/content files, built in (embedded from Resources/, which links to
// guardrails/content/): they apply when the folder (or a file) is missing.

extension ContentPolicy {
    /// The built-in policy, equal to the files shipped in `guardrails/content/`. Should the
    /// built-in text ever fail to load (a programming error caught by the tests), it fails
    /// closed: every non-empty text is blocked and every dunning email refused.
    public static let standard: ContentPolicy = {
        let result = parse(
            injection: ContentSource(fileName: injectionFile, displayPath: "built-in/" + injectionFile, text: standardInjectionYAML),
            pii: ContentSource(fileName: piiFile, displayPath: "built-in/" + piiFile, text: standardPIIYAML),
            dunning: ContentSource(fileName: dunningFile, displayPath: "built-in/" + dunningFile, text: standardDunningYAML),
            fallback: nil)
        switch result {
        case .success(let policy):
            return policy
        case .failure(let error):
            assertionFailure("the built-in content policy does not load: \(error)")
            return failClosed
        }
    }()

    /// Blocks every non-empty text and refuses every dunning email.
    static var failClosed: ContentPolicy {
        let everything = try? ContentRegex("[\\s\\S]")
        let regexes = everything.map { [$0] } ?? []
        let pattern = InjectionPattern(name: "built-in-policy-broken", kind: .regex, pattern: "[\\s\\S]", severity: .block,
                                       message: "the built-in content policy did not load; nothing goes to a model")
        let rule = DunningRule(name: "built-in-policy-broken", kind: .forbidden, levels: Set(DunningOutputCheck.levels),
                               patterns: ["[\\s\\S]"], message: "the built-in content policy did not load; no email is sent")
        return ContentPolicy(
            injectionPatterns: regexes.isEmpty ? [] : [pattern], injectionRegexes: regexes,
            piiFields: ["email", "iban", "phone", "payer_account", "tax_id"], piiPatterns: [], piiRegexes: [],
            dunning: DunningOutputCheck(rules: regexes.isEmpty ? [] : [rule], compiled: regexes.isEmpty ? [] : [regexes], mentionEveryInvoice: true))
    }

    /// The text of the shipped `injection.yaml`.
    static var standardInjectionYAML: String { String(decoding: PackageResources.injection_yaml, as: UTF8.self) }
    /// The text of the shipped `pii.yaml`.
    static var standardPIIYAML: String { String(decoding: PackageResources.pii_yaml, as: UTF8.self) }
    /// The text of the shipped `dunning.yaml`.
    static var standardDunningYAML: String { String(decoding: PackageResources.dunning_yaml, as: UTF8.self) }
}
