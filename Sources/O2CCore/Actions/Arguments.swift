/// An action's arguments after they were checked against the action's fields:
/// every required field is present with the right type and nothing unknown is there.
public struct Arguments: Sendable {
    /// The checked object.
    public let object: JSONObject
    /// Where this object sits, for messages (`args`, `args.lines[2]`).
    public let path: String

    /// Checks `value` against `fields`, collecting every problem.
    public static func check(_ value: JSONValue, fields: [ArgumentField], path: String = "args") -> Result<Arguments, ArgumentErrors> {
        var problems: [String] = []
        check(value, fields: fields, path: path, problems: &problems)
        if problems.isEmpty, case .object(let obj) = value { return .success(Arguments(object: obj, path: path)) }
        return .failure(ArgumentErrors(messages: problems))
    }

    private static func check(_ value: JSONValue, fields: [ArgumentField], path: String, problems: inout [String]) {
        guard case .object(let obj) = value else {
            problems.append("\(path) must be a JSON object, got \(value.typeName)")
            return
        }
        for key in obj.keys where !fields.contains(where: { $0.name == key }) {
            let hint = Suggest.closest(to: key, in: fields.map(\.name)).map { "; did you mean '\($0)'?" } ?? "; allowed: \(fields.map(\.name).joined(separator: ", "))"
            problems.append("\(path).\(key) is not an argument of this action\(hint)")
        }
        for f in fields {
            guard let v = obj[f.name], v != .null else {
                if f.required { problems.append("\(path).\(f.name) is required: \(f.summary)") }
                continue
            }
            checkField(v, f.type, path: "\(path).\(f.name)", problems: &problems)
        }
    }

    /// `p` is the field's path for messages, built only when there is something to say.
    private static func checkField(_ v: JSONValue, _ type: ArgumentField.FieldType, path: @autoclosure () -> String, problems: inout [String]) {
        switch type {
        case .id(let prefix):
            // Bytes, not Characters: the prefix and digits are ASCII, so this accepts exactly what
            // a comparison by Character would.
            guard case .string(let s) = v, s.utf8.count > prefix.utf8.count, s.utf8.starts(with: prefix.utf8),
                  s.utf8.dropFirst(prefix.utf8.count).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                problems.append("\(path()) must be an id like \(prefix)1, got \(v.brief)")
                return
            }
        case .text(let maxLength):
            guard case .string(let s) = v, !s.isEmpty else {
                problems.append("\(path()) must be a non-empty string, got \(v.brief)")
                return
            }
            if s.count > maxLength { problems.append("\(path()) is longer than \(maxLength) characters") }
            // SQLite stores text only up to a NUL (as GRDB binds it), so a NUL would leave the
            // document shorter than the audit record's arguments: refused, not cut.
            if s.utf8.contains(0) { problems.append("\(path()) contains a NUL character (U+0000); remove it") }
        case .amount(let allowZero):
            guard case .string(let s) = v else {
                problems.append("\(path()) must be a decimal string such as \"1234.50\", got \(v.brief)")
                return
            }
            // Six decimals is the most any currency needs; the handler parses again in the
            // document's currency. Every failure is reported, none can trap.
            let value: Int64
            do throws(MoneyError) {
                value = try Money.parseMinor(s, exponent: 6)
            } catch {
                switch error {
                case .outOfRange: problems.append("\(path()) is too large for the ledger (at most 9,223,372,036,854.775807), got \(v.brief)")
                case .tooPrecise: problems.append("\(path()) has more decimals than any currency, got \(v.brief)")
                case .malformed: problems.append("\(path()) must be a decimal string such as \"1234.50\", got \(v.brief)")
                }
                return
            }
            if value < 0 || (!allowZero && value == 0) {
                problems.append("\(path()) must be \(allowZero ? "zero or more" : "more than zero"), got \(v.brief)")
            }
        case .integer(let range):
            guard case .number(let n) = v, let i = Int64(n) else {
                let digits = v.numberText.map { t in !t.isEmpty && t.drop(while: { $0 == "-" }).allSatisfy(\.isASCIIDigit) } ?? false
                problems.append(digits ? "\(path()) must be between \(range.lowerBound) and \(range.upperBound), got \(v.brief)"
                                       : "\(path()) must be a whole number, got \(v.brief)")
                return
            }
            if !range.contains(i) { problems.append("\(path()) must be between \(range.lowerBound) and \(range.upperBound), got \(i)") }
        case .percent:
            guard let hundredths = Arguments.percentHundredths(v) else {
                problems.append("\(path()) must be a percentage between 0 and 100 with at most two decimals, got \(v.brief)")
                return
            }
            if hundredths < 0 || hundredths > 10_000 {
                problems.append("\(path()) must be between 0 and 100, got \(v.brief)")
            }
        case .date:
            guard case .string(let s) = v, BusinessDate(iso: s) != nil else {
                problems.append("\(path()) must be a date like 2026-11-25, got \(v.brief)")
                return
            }
        case .currency:
            guard case .string(let s) = v, Currency.lookup(s) != nil else {
                problems.append("\(path()) must be an ISO 4217 currency code such as USD, got \(v.brief)")
                return
            }
        case .objects(let fields, let minItems, let maxItems):
            guard case .array(let items) = v else {
                problems.append("\(path()) must be a list, got \(v.typeName)")
                return
            }
            if items.count < minItems { problems.append("\(path()) needs at least \(minItems) item\(minItems == 1 ? "" : "s")") }
            if items.count > maxItems { problems.append("\(path()) has \(items.count) items; at most \(maxItems) are allowed") }
            for (k, item) in items.prefix(maxItems).enumerated() {
                check(item, fields: fields, path: "\(path())[\(k)]", problems: &problems)
            }
        case .ids(let prefix, let minItems, let maxItems):
            guard case .array(let items) = v else {
                problems.append("\(path()) must be a list of ids like \(prefix)1, got \(v.typeName)")
                return
            }
            if items.count < minItems { problems.append("\(path()) needs at least \(minItems) id\(minItems == 1 ? "" : "s")") }
            if items.count > maxItems { problems.append("\(path()) has \(items.count) ids; at most \(maxItems) are allowed") }
            for (k, item) in items.prefix(maxItems).enumerated() {
                checkField(item, .id(prefix: prefix), path: "\(path())[\(k)]", problems: &problems)
            }
        }
    }

    /// A percentage (number or string) in hundredths of a percent: `12.5` → 1250.
    public static func percentHundredths(_ v: JSONValue) -> Int64? {
        let text: String
        switch v {
        case .number(let n): text = n
        case .string(let s): text = s
        default: return nil
        }
        return try? Money.parseMinor(text, exponent: 2)
    }

    // MARK: typed access (fields were checked, so these only fail on programmer error)

    /// A required string argument.
    public func string(_ name: String) -> String { object[name]?.stringValue ?? "" }
    /// An optional string argument.
    public func optionalString(_ name: String) -> String? { object[name]?.stringValue }
    /// A required whole-number argument.
    public func int(_ name: String) -> Int64 {
        if case .number(let n)? = object[name], let i = Int64(n) { return i }
        return 0
    }
    /// A required percentage argument in hundredths of a percent.
    public func percentHundredths(_ name: String) -> Int64 { object[name].flatMap(Arguments.percentHundredths) ?? 0 }
    /// A list of objects.
    public func objects(_ name: String) -> [Arguments] {
        guard case .array(let items)? = object[name] else { return [] }
        return items.enumerated().compactMap { k, v in
            v.objectValue.map { Arguments(object: $0, path: "\(path).\(name)[\(k)]") }
        }
    }
    /// A list of strings.
    public func strings(_ name: String) -> [String] {
        object[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }
    /// A date argument, when present.
    public func date(_ name: String) -> BusinessDate? { optionalString(name).flatMap(BusinessDate.init(iso:)) }
}

/// Every problem found in an action's arguments.
public struct ArgumentErrors: Error, Sendable, Equatable {
    /// One message per problem, each naming the argument.
    public let messages: [String]

    /// Problems, one message each.
    public init(messages: [String]) { self.messages = messages }
}

extension JSONValue {
    /// The text of a JSON number, nil for anything else.
    var numberText: String? { if case .number(let n) = self { return n } else { return nil } }

    /// A short rendering for error messages.
    public var brief: String {
        let s = serialized()
        return s.count > 40 ? String(s.prefix(37)) + "..." : s
    }
}
