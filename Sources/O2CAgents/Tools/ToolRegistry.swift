import Foundation
import O2CCore
import O2CLedger

/// Every tool o2c offers agents. An agent sees only the tools its profile lists, and the
/// registry refuses any other.
public struct ToolRegistry: Sendable {
    /// All tools by name.
    public let tools: [String: AgentTool]

    /// The standard registry: the read tools and one write tool per ledger action.
    public static let standard = ToolRegistry(tools: ReadTools.all + WriteTools.all)

    init(tools: [AgentTool]) {
        self.tools = Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Tool names, sorted.
    public var names: [String] { tools.keys.sorted() }

    /// The tools of a profile, in the profile's order (unknown names are skipped; lint reports them).
    public func tools(for profile: AgentProfile) -> [AgentTool] {
        profile.tools.compactMap { tools[$0] }
    }

    /// Runs a tool call from a model: the tool must be in `allowed`, the arguments a JSON object
    /// matching its schema, and every id in them inside the run's scope (checked here, before
    /// any tool runs). Problems come back as tool errors the model can correct; a read result
    /// reaches the model screened by the content guardrails (PII redacted, outside text marked).
    /// Blocking (ledger reads and the gate): call it off Swift's cooperative threads.
    public func call(_ name: String, argumentsJSON: String, allowed: Set<String>, context: ToolContext) -> (ToolOutput, JSONValue) {
        guard allowed.contains(name), let tool = tools[name] else {
            let hint = Suggest.closest(to: name, in: allowed.sorted()).map { " Did you mean '\($0)'?" } ?? ""
            return (.error("unknown tool '\(name)'; your tools are: \(allowed.sorted().joined(separator: ", ")).\(hint)"), .null)
        }
        let args: JSONValue
        do {
            args = try JSONParser().parse(argumentsJSON.isEmpty ? "{}" : argumentsJSON)
        } catch {
            return (.error("the arguments are not valid JSON (\(error.description)); send one JSON object"), .string(argumentsJSON))
        }
        guard case .object(let object) = args else { return (.error("the arguments must be a JSON object"), args) }
        if let problems = SchemaCheck.problems(args, schema: tool.schema), !problems.isEmpty {
            return (.error("the arguments do not match the schema of \(name): " + problems.joined(separator: "; ")), args)
        }
        if let refusal = context.scope.refusal(for: object, effect: tool.effect, ledger: context.ledger) { return (.error(refusal), args) }
        do {
            let output = try tool.run(object, context)
            if case .result(let value) = output { return (.result(context.content.screenToolResult(value)), args) }
            return (output, args)
        } catch let e as ToolArgumentError {
            return (.error(e.message), args)
        } catch let e as LedgerError {
            return (.error(e.message), args)
        } catch {
            return (.error("the tool failed: \(error)"), args)
        }
    }
}

/// A small JSON Schema check for tool arguments: types, required members, unknown members, and
/// the bounds the tools advertise (`pattern`, `minLength`/`maxLength`, `minimum`/`maximum`,
/// `minItems`/`maxItems`, `enum`), so an argument the schema rules out (a look-alike id, a
/// quantity below one) is refused before any tool runs, with the rule it breaks.
enum SchemaCheck {
    /// Compiled `pattern`s, by source.
    private static let patterns = Locked<[String: ContentRegex]>([:])
    static func problems(_ value: JSONValue, schema: JSONValue, path: String = "") -> [String]? {
        var out: [String] = []
        check(value, schema, path.isEmpty ? "arguments" : path, &out)
        return out
    }

    static func check(_ v: JSONValue, _ s: JSONValue, _ p: String, _ out: inout [String]) {
        let types: [String]
        switch s["type"] {
        case .string(let t)?: types = [t]
        case .array(let a)?: types = a.compactMap(\.stringValue)
        default: types = []
        }
        if !types.isEmpty && !types.contains(where: { matches(v, $0) }) {
            out.append("\(p) must be \(types.joined(separator: " or ")), got \(v.typeName)")
            return
        }
        if case .object(let o) = v, let props = s["properties"]?.objectValue {
            for req in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[req] == nil {
                out.append("\(p).\(req) is required")
            }
            if s["additionalProperties"] == .bool(false) {
                for k in o.keys where props[k] == nil {
                    let hint = Suggest.closest(to: k, in: props.keys).map { " (did you mean '\($0)'?)" } ?? ""
                    out.append("\(p).\(k) is not a known argument\(hint)")
                }
            }
            for (k, sub) in props { if let val = o[k] { check(val, sub, "\(p).\(k)", &out) } }
        }
        if case .array(let items) = v, let itemSchema = s["items"] {
            for (i, item) in items.enumerated() { check(item, itemSchema, "\(p)[\(i)]", &out) }
        }
        bounds(v, s, p, &out)
    }

    /// The bounds keywords that apply to the value's type.
    static func bounds(_ v: JSONValue, _ s: JSONValue, _ p: String, _ out: inout [String]) {
        if let options = s["enum"]?.arrayValue, !options.contains(v) {
            out.append("\(p) must be one of \(options.map { $0.serialized() }.joined(separator: ", "))")
        }
        switch v {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let min = s["minLength"]?.intValue, length < min { out.append("\(p) must have at least \(min) characters") }
            if let max = s["maxLength"]?.intValue, length > max { out.append("\(p) must have at most \(max) characters, got \(length)") }
            if let pattern = s["pattern"]?.stringValue, !wholeMatch(text, pattern) {
                out.append("\(p) must match \(pattern), got \(JSONValue.string(String(text.prefix(40))).serialized())")
            }
        case .number(let n):
            guard let x = Decimal(string: n) else { return }
            if let min = s["minimum"], case .number(let m) = min, let lo = Decimal(string: m), x < lo { out.append("\(p) must be at least \(m), got \(n)") }
            if let max = s["maximum"], case .number(let m) = max, let hi = Decimal(string: m), x > hi { out.append("\(p) must be at most \(m), got \(n)") }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min { out.append("\(p) must have at least \(min) items") }
            if let max = s["maxItems"]?.intValue, items.count > max { out.append("\(p) must have at most \(max) items, got \(items.count)") }
        default:
            return
        }
    }

    /// Whether `pattern` matches the whole of `text` (a pattern that does not compile matches nothing).
    static func wholeMatch(_ text: String, _ pattern: String) -> Bool {
        let regex = patterns.withLock { cache -> ContentRegex? in
            if let found = cache[pattern] { return found }
            let made = try? ContentRegex(pattern, caseInsensitive: false)
            cache[pattern] = made
            return made
        }
        return regex?.firstMatch(in: text).map { $0 == text.startIndex..<text.endIndex } ?? false
    }

    static func matches(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): return true
        case ("integer", .number(let n)): return Int64(n) != nil
        default: return false
        }
    }
}
