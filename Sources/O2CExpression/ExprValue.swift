/// A runtime value of an expression or a fact: null, bool, exact number, string, list or string-keyed map.
public enum ExprValue: Sendable, Equatable {
    /// The null value.
    case null
    /// A boolean.
    case bool(Bool)
    /// An exact decimal number.
    case number(ExprDecimal)
    /// A string.
    case string(String)
    /// An ordered list.
    case list([ExprValue])
    /// A map with string keys (facts objects are maps).
    case map([String: ExprValue])

    /// The static type of this value.
    public var type: ExprType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .list: return .list
        case .map: return .map
        }
    }

    /// A number value from minor units and a currency exponent (e.g. `(123450, 2)` is 1234.50); nil on overflow.
    public static func money(minorUnits: Int64, scale: Int) -> ExprValue? {
        ExprDecimal(minorUnits: minorUnits, scale: scale).map { .number($0) }
    }

    /// A number value parsed from exact decimal text such as "1234.50"; nil if invalid.
    public static func decimal(_ text: String) -> ExprValue? {
        ExprDecimal(string: text).map { .number($0) }
    }
}

extension ExprValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `nil` literal → `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// Boolean literal → `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// String literal → `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literal → `.number`; values beyond ±`ExprDecimal.maxInteger` saturate (use `ExprDecimal(integer:)` to detect).
    public init(integerLiteral value: Int64) {
        let clamped = min(max(value, -ExprDecimal.maxInteger), ExprDecimal.maxInteger)
        self = .number(ExprDecimal(integer: clamped) ?? .zero)
    }
    /// Array literal → `.list`.
    public init(arrayLiteral elements: ExprValue...) { self = .list(elements) }
    /// Dictionary literal → `.map` (later duplicate keys win).
    public init(dictionaryLiteral elements: (String, ExprValue)...) {
        var map: [String: ExprValue] = [:]
        map.reserveCapacity(elements.count)
        for (k, v) in elements { map[k] = v }
        self = .map(map)
    }
}

extension ExprValue: CustomStringConvertible {
    /// CEL-like rendering, e.g. `["a", 1.5, null]`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.description
        case .string(let s): return "\"" + s.replacingEscapes() + "\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            let body = m.keys.sorted().map { "\"\($0.replacingEscapes())\": \(m[$0]?.description ?? "null")" }
            return "{" + body.joined(separator: ", ") + "}"
        }
    }
}

extension String {
    func replacingEscapes() -> String {
        var out = ""
        for ch in unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
