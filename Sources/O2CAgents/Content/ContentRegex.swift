import Foundation

/// A compiled regular expression with the few operations the content guardrails need.
/// `NSRegularExpression` is immutable and documented as safe to share between threads.
struct ContentRegex: @unchecked Sendable {
    /// The pattern as written.
    let source: String
    private let regex: NSRegularExpression

    /// Compiles `source`; the error text says what is wrong, for diagnostics.
    init(_ source: String, caseInsensitive: Bool = true) throws(ContentRegexError) {
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if caseInsensitive { options.insert(.caseInsensitive) }
        do {
            regex = try NSRegularExpression(pattern: source, options: options)
        } catch {
            throw ContentRegexError(message: ContentRegex.describe(error))
        }
        self.source = source
    }

    /// Builds a case-insensitive regex that finds `phrase` as whole words, any run of spaces in
    /// the phrase matching any run of white space.
    init(phrase: String) throws(ContentRegexError) {
        let words = phrase.split(whereSeparator: { $0.isWhitespace }).map { NSRegularExpression.escapedPattern(for: String($0)) }
        guard !words.isEmpty else { throw ContentRegexError(message: "the phrase is empty") }
        var body = words.joined(separator: "\\s+")
        if let first = phrase.trimmingCharacters(in: .whitespaces).first, first.isLetter || first.isNumber { body = "\\b" + body }
        if let last = phrase.trimmingCharacters(in: .whitespaces).last, last.isLetter || last.isNumber { body += "\\b" }
        try self.init(body)
    }

    /// The ranges of every match in `text`, in order.
    func matches(in text: String) -> [Range<String.Index>] {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.matches(in: text, options: [], range: whole).compactMap { Range($0.range, in: text) }
    }

    /// Every match with its capture groups (nil where a group took no part).
    func captures(in text: String) -> [[Range<String.Index>?]] {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.matches(in: text, options: [], range: whole).map { m in
            (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: text) }
        }
    }

    /// The first match in `text`, if any.
    func firstMatch(in text: String) -> Range<String.Index>? {
        let whole = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, options: [], range: whole).flatMap { Range($0.range, in: text) }
    }

    /// Whether the pattern matches the empty text (it would then match everywhere).
    var matchesEmptyText: Bool { firstMatch(in: "") != nil }

    private static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let detail = ns.userInfo["NSInvalidValue"] as? String { return "invalid regular expression '\(detail)'" }
        return "invalid regular expression (unbalanced brackets or parentheses, a bad escape, or a misplaced quantifier?)"
    }
}

/// Why a regular expression did not compile.
struct ContentRegexError: Error, Sendable {
    let message: String
}
