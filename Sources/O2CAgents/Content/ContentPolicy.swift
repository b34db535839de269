import Foundation
import O2CCore
import O2CLedger

/// The content guardrails (SPEC §7): prompt-injection patterns for outside text, the personal
/// data redacted before anything reaches a model, and what a dunning email may say. Read from
/// `guardrails/content/` (`injection.yaml`, `pii.yaml`, `dunning.yaml`); `standard` holds the
/// shipped files. Immutable and safe to share.
public struct ContentPolicy: Sendable, Equatable {
    /// The injection pattern file's name.
    public static let injectionFile = "injection.yaml"
    /// The personal data file's name.
    public static let piiFile = "pii.yaml"
    /// The dunning content file's name.
    public static let dunningFile = "dunning.yaml"
    /// Every file the folder may hold.
    public static let fileNames = [injectionFile, piiFile, dunningFile]
    /// The most characters of a text scanned; beyond it the scan flags the text as too long.
    public static let scanCharactersMax = 1_000_000

    /// The injection patterns, in file order.
    public let injectionPatterns: [InjectionPattern]
    /// JSON member names whose values are always redacted (matched ignoring case, `_` and `-`).
    public let piiFields: [String]
    /// Text patterns of personal and payment data, applied in order.
    public let piiPatterns: [PIIPattern]
    /// The dunning email check.
    public let dunning: DunningOutputCheck

    let injectionRegexes: [ContentRegex]
    let piiRegexes: [ContentRegex]
    private let fieldKeys: [String: String]

    init(
        injectionPatterns: [InjectionPattern], injectionRegexes: [ContentRegex], piiFields: [String], piiPatterns: [PIIPattern],
        piiRegexes: [ContentRegex], dunning: DunningOutputCheck
    ) {
        self.injectionPatterns = injectionPatterns
        self.injectionRegexes = injectionRegexes
        self.piiFields = piiFields
        self.piiPatterns = piiPatterns
        self.piiRegexes = piiRegexes
        self.dunning = dunning
        var keys: [String: String] = [:]
        for f in piiFields { keys[ContentPolicy.fieldKey(f)] = f }
        self.fieldKeys = keys
    }

    /// Equal when the patterns, fields and rules are (the compiled forms follow from them).
    public static func == (lhs: ContentPolicy, rhs: ContentPolicy) -> Bool {
        lhs.injectionPatterns == rhs.injectionPatterns && lhs.piiFields == rhs.piiFields && lhs.piiPatterns == rhs.piiPatterns
            && lhs.dunning == rhs.dunning
    }

    // MARK: injection

    /// Scans outside text for prompt-injection patterns, case-insensitively, on the normalised
    /// text (fullwidth letters folded, zero-width characters removed, look-alike letters mapped)
    /// unless a pattern asks for the text as received. Any `block` finding blocks.
    public func scan(_ text: String) -> InjectionScan {
        var input = text
        var findings: [InjectionFinding] = []
        if input.utf16.count > ContentPolicy.scanCharactersMax {
            input = String(input.prefix(ContentPolicy.scanCharactersMax))
            findings.append(InjectionFinding(
                pattern: "too-long", severity: .flag,
                message: "the text is longer than \(ContentPolicy.scanCharactersMax) characters; only the start was scanned",
                excerpt: String(input.prefix(80)).replacingOccurrences(of: "\n", with: " ")))
        }
        let normalized = ContentText.normalized(input)
        for (pattern, regex) in zip(injectionPatterns, injectionRegexes) {
            let subject = pattern.target == .normalized ? normalized : input
            let ranges = regex.matches(in: subject)
            guard let first = ranges.first else { continue }
            var excerpt = ContentText.excerpt(subject, around: first)
            if pattern.target == .original {
                // Show the invisible characters, keeping the excerpt within 80 characters.
                excerpt = excerpt.unicodeScalars.map { s in
                    ContentText.isInvisible(s) || s.properties.generalCategory == .format ? "⟦U+\(String(s.value, radix: 16, uppercase: true))⟧" : String(s)
                }.joined()
                if excerpt.count > 80 { excerpt = String(excerpt.prefix(79)) + "…" }
            }
            findings.append(InjectionFinding(pattern: pattern.name, severity: pattern.severity, message: pattern.message,
                                             excerpt: excerpt, occurrences: ranges.count))
        }
        return InjectionScan(findings: findings)
    }

    // MARK: personal data

    /// The JSON with every member `pii.yaml` names replaced by `"[redacted:NAME]"` (at any depth,
    /// inside objects and arrays; null values stay null), and personal data found by the text
    /// patterns in every other string replaced likewise.
    public func redact(_ value: JSONValue) -> (JSONValue, [Redaction]) {
        var redactions: [Redaction] = []
        let out = redact(value, path: "$", into: &redactions)
        return (out, redactions)
    }

    /// The text with every match of the `pii.yaml` patterns (that passes the pattern's check)
    /// replaced by `[redacted:LABEL]`.
    public func redact(text: String) -> (String, [Redaction]) {
        var redactions: [Redaction] = []
        let out = redact(text: text, location: "text", into: &redactions)
        return (out, redactions)
    }

    private func redact(_ value: JSONValue, path: String, into redactions: inout [Redaction]) -> JSONValue {
        switch value {
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object.members {
                let memberPath = ContentPolicy.path(path, key: key)
                if let label = fieldKeys[ContentPolicy.fieldKey(key)], member != .null {
                    redactions.append(Redaction(label: label, reason: .field, location: memberPath))
                    out[key] = .string(Redaction.placeholder(label))
                } else {
                    out[key] = redact(member, path: memberPath, into: &redactions)
                }
            }
            return .object(out)
        case .array(let items):
            return .array(items.enumerated().map { k, item in redact(item, path: "\(path)[\(k)]", into: &redactions) })
        case .string(let s):
            return .string(redact(text: s, location: path, into: &redactions))
        case .null, .bool, .number:
            return value
        }
    }

    private func redact(text: String, location: String, into redactions: inout [Redaction]) -> String {
        var current = text
        for (pattern, regex) in zip(piiPatterns, piiRegexes) {
            let ranges = regex.matches(in: current).filter { pattern.passesCheck(String(current[$0])) }
            if ranges.isEmpty { continue }
            var out = ""
            var cursor = current.startIndex
            for r in ranges {
                out += current[cursor..<r.lowerBound]
                out += Redaction.placeholder(pattern.label)
                cursor = r.upperBound
                redactions.append(Redaction(label: pattern.label, reason: .pattern, location: location))
            }
            out += current[cursor...]
            current = out
        }
        return current
    }

    /// A field name as compared: lower case, without `_`, `-`, `.` and spaces (`payerAccount` = `payer_account`).
    static func fieldKey(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " && $0 != "." })
    }

    static func path(_ parent: String, key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-"
        }
        return plain ? parent + "." + key : parent + "[" + JSONValue.string(key).serialized() + "]"
    }

    // MARK: outside text for a model

    /// Outside text made ready for a model in one step: scanned (as received), redacted, and
    /// wrapped as untrusted data from `source`.
    public func screen(_ text: String, source: String) -> ScreenedInput {
        let scan = scan(text)
        let (redacted, redactions) = redact(text: text)
        return ScreenedInput(scan: scan, redactions: redactions, wrapped: UntrustedData.wrap(redacted, source: source))
    }
}
