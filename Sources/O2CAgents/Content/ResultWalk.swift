import O2CCore

/// One pass over a tool result: redacts personal data and (optionally) marks the strings under
/// untrusted fields, collecting them for the injection scan. Paths are only spelled out when a
/// redaction records one.
struct ResultWalk {
    let policy: ContentPolicy
    /// Whether strings under untrusted fields are marked (tool results) or left as they are.
    let markUntrusted: Bool
    /// Replacements for untrusted strings, by their order in the walk (a blocked scan's values).
    var withheld: [Int: String] = [:]
    /// What was redacted.
    private(set) var redactions: [Redaction] = []
    /// The untrusted strings as received, in walk order.
    private(set) var untrusted: [String] = []
    private var path: [PathPart] = []

    private enum PathPart {
        case key(String)
        case index(Int)
    }

    init(policy: ContentPolicy, markUntrusted: Bool, withheld: [Int: String] = [:]) {
        self.policy = policy
        self.markUntrusted = markUntrusted
        self.withheld = withheld
    }

    mutating func value(_ v: JSONValue) -> JSONValue { walk(v, untrusted: false) }

    private mutating func walk(_ v: JSONValue, untrusted: Bool) -> JSONValue {
        switch v {
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object.members {
                path.append(.key(key))
                defer { path.removeLast() }
                switch policy.fieldKind(key) {
                case .pii(let label)? where member != .null:
                    redactions.append(Redaction(label: label, reason: .field, location: location))
                    out[key] = .string(Redaction.placeholder(label))
                case .untrusted?:
                    out[key] = walk(member, untrusted: markUntrusted)
                default:
                    out[key] = walk(member, untrusted: untrusted)
                }
            }
            return .object(out)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                path.append(.index(k))
                out.append(walk(item, untrusted: untrusted))
                path.removeLast()
            }
            return .array(out)
        case .string(let s):
            var found: [String] = []
            let redacted = policy.redact(text: s) { found.append($0) }
            if !found.isEmpty {
                let here = location
                redactions += found.map { Redaction(label: $0, reason: .pattern, location: here) }
            }
            guard untrusted, !s.isEmpty else { return found.isEmpty ? v : .string(redacted) }
            let ordinal = self.untrusted.count
            self.untrusted.append(s)
            return .string(withheld[ordinal] ?? UntrustedData.inline(redacted))
        case .null, .bool, .number:
            return v
        }
    }

    /// `$.customer.contacts[0].email`.
    private var location: String {
        path.reduce("$") { p, part in
            switch part {
            case .key(let k): return ContentPolicy.path(p, key: k)
            case .index(let i): return "\(p)[\(i)]"
            }
        }
    }
}
