import O2CCore

/// Walks a compiled `Program` against a facts map; every failure is a thrown `ExpressionError`.
struct Evaluator {
    let facts: [String: ExprValue]
    /// The values of bound paths (`Program.slot`), nil where the path is absent; empty for unbound
    /// programs. Borrowed from an `ExprFrame` for the duration of one evaluation.
    let frame: UnsafeBufferPointer<ExprValue?>

    init(facts: [String: ExprValue]) {
        self.facts = facts
        self.frame = UnsafeBufferPointer(start: nil, count: 0)
    }

    init(frame: UnsafeBufferPointer<ExprValue?>) {
        self.facts = [:]
        self.frame = frame
    }

    /// Thrown for a bound path whose value is absent. Callers of bound programs re-evaluate against
    /// the facts map for the precise error, so this one carries no details (and builds no string).
    static let absent = ExpressionError(code: .unknownField, message: "absent", line: 1, column: 1)

    @inline(__always)
    func slotValue(_ slot: Int) throws(ExpressionError) -> ExprValue {
        guard slot >= 0, slot < frame.count, let value = frame[slot] else { throw Evaluator.absent }
        return value
    }

    // MARK: Field paths

    @inline(__always)
    func resolve(_ path: FieldPath) throws(ExpressionError) -> ExprValue {
        let segments = path.segments
        guard var current = facts[segments[0]] else {
            let suggestion = Suggest.closest(to: segments[0], in: Array(facts.keys)).map { "did you mean '\($0)'?" }
            throw ExpressionError(
                .unknownIdentifier, "unknown identifier '\(segments[0])'", at: path.positions[0],
                suggestion: suggestion ?? "facts available: \(facts.keys.sorted().joined(separator: ", "))")
        }
        var i = 1
        while i < segments.count {
            guard case .map(let map) = current else {
                throw ExpressionError(
                    .typeMismatch, "cannot access field '\(segments[i])' on \(current.type) '\(path.prefix(i))'",
                    at: path.positions[i], suggestion: "'\(path.prefix(i))' is not an object")
            }
            guard let next = map[segments[i]] else {
                let suggestion = Suggest.closest(to: segments[i], in: Array(map.keys)).map { "did you mean '\($0)'?" }
                throw ExpressionError(
                    .unknownField, "no field '\(segments[i])' on \(path.prefix(i))", at: path.positions[i],
                    suggestion: suggestion ?? "guard optional fields with has(\(path.dotted))")
            }
            current = next
            i += 1
        }
        return current
    }

    func has(_ path: FieldPath) -> Bool {
        let segments = path.segments
        guard var current = facts[segments[0]] else { return false }
        var i = 1
        while i < segments.count {
            guard case .map(let map) = current, let next = map[segments[i]] else { return false }
            current = next
            i += 1
        }
        if case .null = current { return false }
        return true
    }

    // MARK: Evaluation

    func eval(_ program: Program) throws(ExpressionError) -> ExprValue {
        switch program {
        case .constant(let v):
            return v
        case .path(let path):
            return try resolve(path)
        case .has(let path):
            return .bool(has(path))
        case .slot(let slot):
            return try slotValue(slot)
        case .hasSlot(let slot):
            guard slot >= 0, slot < frame.count, let value = frame[slot] else { return .bool(false) }
            if case .null = value { return .bool(false) }
            return .bool(true)
        case .compareSlotNumber(let op, let slot, let rhs, let pos):
            let value = try slotValue(slot)
            guard case .number(let lhs) = value else { return try Evaluator.binary(op, value, .number(rhs), at: pos) }
            return .bool(Evaluator.compare(op, lhs, rhs))
        case .compareSlotString(let op, let slot, let rhs, let pos):
            let value = try slotValue(slot)
            guard case .string(let lhs) = value else { return try Evaluator.binary(op, value, .string(rhs), at: pos) }
            return .bool(op == .equal ? lhs == rhs : lhs != rhs)
        case .inConstants(let operand, let items):
            let value = try eval(operand)
            return .bool(items.contains(value))
        case .comparePathNumber(let op, let path, let rhs, let pos):
            let value = try resolve(path)
            guard case .number(let lhs) = value else { return try Evaluator.binary(op, value, .number(rhs), at: pos) }
            return .bool(Evaluator.compare(op, lhs, rhs))
        case .comparePathString(let op, let path, let rhs, let pos):
            let value = try resolve(path)
            guard case .string(let lhs) = value else { return try Evaluator.binary(op, value, .string(rhs), at: pos) }
            return .bool(op == .equal ? lhs == rhs : lhs != rhs)
        case .and(let items, let positions):
            return try logical(items, positions, isAnd: true)
        case .or(let items, let positions):
            return try logical(items, positions, isAnd: false)
        case .not(let operand, let pos):
            return try Evaluator.not(try eval(operand), at: pos)
        case .negate(let operand, let pos):
            return try Evaluator.negate(try eval(operand), at: pos)
        case .binary(let op, let lhs, let rhs, let pos):
            return try Evaluator.binary(op, try eval(lhs), try eval(rhs), at: pos)
        case .select(let base, let name, let pos):
            let value = try eval(base)
            guard case .map(let map) = value else {
                throw ExpressionError(.typeMismatch, "cannot access field '\(name)' on \(value.type)", at: pos)
            }
            guard let field = map[name] else {
                throw ExpressionError(.unknownField, "no field '\(name)' on map", at: pos)
            }
            return field
        case .index(let base, let key, let pos):
            return try Evaluator.index(try eval(base), try eval(key), at: pos)
        case .size(let operand, let pos):
            return try Evaluator.size(try eval(operand), at: pos)
        case .list(let items, _):
            var values: [ExprValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try eval(item)) }
            return .list(values)
        }
    }

    /// CEL-style logic: short-circuits left to right, and a deciding operand (`false` for &&, `true` for ||) wins over errors.
    private func logical(_ items: [Program], _ positions: [SourcePosition], isAnd: Bool) throws(ExpressionError) -> ExprValue {
        var firstError: ExpressionError?
        var i = 0
        while i < items.count {
            do throws(ExpressionError) {
                let value = try eval(items[i])
                guard case .bool(let b) = value else {
                    throw ExpressionError(
                        .typeMismatch, "'\(isAnd ? "&&" : "||")' requires bool operands, got \(value.type)", at: positions[i],
                        suggestion: "compare the value explicitly, e.g. x == true or x > 0")
                }
                if b != isAnd { return .bool(b) }
            } catch {
                if firstError == nil { firstError = error }
            }
            i += 1
        }
        if let firstError { throw firstError }
        return .bool(isAnd)
    }

    // MARK: Operators (shared with constant folding)

    @inline(__always)
    static func compare(_ op: BinaryOperator, _ lhs: ExprDecimal, _ rhs: ExprDecimal) -> Bool {
        let a = lhs.scaledValue
        let b = rhs.scaledValue
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    static func not(_ value: ExprValue, at pos: SourcePosition) throws(ExpressionError) -> ExprValue {
        guard case .bool(let b) = value else {
            throw ExpressionError(
                .typeMismatch, "'!' requires a bool, got \(value.type)", at: pos,
                suggestion: "use a comparison such as x == 0 instead of !x")
        }
        return .bool(!b)
    }

    static func negate(_ value: ExprValue, at pos: SourcePosition) throws(ExpressionError) -> ExprValue {
        guard case .number(let d) = value else {
            throw ExpressionError(.typeMismatch, "'-' requires a number, got \(value.type)", at: pos)
        }
        guard let result = d.negated() else { throw overflow("-", at: pos) }
        return .number(result)
    }

    static func overflow(_ symbol: String, at pos: SourcePosition) -> ExpressionError {
        ExpressionError(
            .overflow, "arithmetic overflow in '\(symbol)'", at: pos,
            suggestion: "numbers must stay within ±\(ExprDecimal.maxInteger)")
    }

    static func mismatch(_ op: BinaryOperator, _ l: ExprValue, _ r: ExprValue, at pos: SourcePosition) -> ExpressionError {
        let suggestion: String
        switch op {
        case .add: suggestion = "'+' works on two numbers, two strings or two lists"
        case .equal, .notEqual: suggestion = "'\(op.symbol)' needs both sides of the same type (or null)"
        case .less, .lessEqual, .greater, .greaterEqual: suggestion = "'\(op.symbol)' works on two numbers or two strings"
        default: suggestion = "'\(op.symbol)' works on numbers only"
        }
        let joiner = op.verb == "compare" ? "with" : "and"
        return ExpressionError(
            .typeMismatch, "cannot \(op.verb) \(l.type) \(joiner) \(r.type)", at: pos, suggestion: suggestion)
    }

    /// Equality: same-type values compare (deeply for lists/maps); null equals only null; other mixes are type errors.
    static func equals(_ l: ExprValue, _ r: ExprValue, _ op: BinaryOperator, at pos: SourcePosition) throws(ExpressionError) -> Bool {
        switch (l, r) {
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)): return a == b
        default: throw mismatch(op, l, r, at: pos)
        }
    }

    static func binary(_ op: BinaryOperator, _ l: ExprValue, _ r: ExprValue, at pos: SourcePosition) throws(ExpressionError) -> ExprValue {
        switch op {
        case .equal: return .bool(try equals(l, r, op, at: pos))
        case .notEqual: return .bool(!(try equals(l, r, op, at: pos)))
        case .less, .lessEqual, .greater, .greaterEqual:
            let order: Int
            switch (l, r) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
            case (.string(let a), .string(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
            default: throw mismatch(op, l, r, at: pos)
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .in:
            switch r {
            case .list(let items): return .bool(items.contains(l))
            case .map(let map):
                guard case .string(let key) = l else {
                    throw ExpressionError(
                        .typeMismatch, "map keys are strings; cannot test \(l.type) with 'in'", at: pos)
                }
                return .bool(map[key] != nil)
            default:
                throw ExpressionError(
                    .typeMismatch, "'in' requires a list or map on the right, got \(r.type)", at: pos,
                    suggestion: "write x in [\"a\", \"b\"]")
            }
        case .add:
            switch (l, r) {
            case (.number(let a), .number(let b)):
                guard let s = a.adding(b) else { throw overflow("+", at: pos) }
                return .number(s)
            case (.string(let a), .string(let b)):
                guard a.utf8.count + b.utf8.count <= ExpressionLimits.maxStringLength else {
                    throw ExpressionError(.stringTooLong, "string result longer than \(ExpressionLimits.maxStringLength) bytes", at: pos)
                }
                return .string(a + b)
            case (.list(let a), .list(let b)):
                guard a.count + b.count <= ExpressionLimits.maxListLength else {
                    throw ExpressionError(.listTooLarge, "list result longer than \(ExpressionLimits.maxListLength) elements", at: pos)
                }
                return .list(a + b)
            default:
                throw mismatch(op, l, r, at: pos)
            }
        case .subtract, .multiply, .divide, .remainder:
            guard case .number(let a) = l, case .number(let b) = r else { throw mismatch(op, l, r, at: pos) }
            let result: ExprDecimal?
            switch op {
            case .subtract: result = a.subtracting(b)
            case .multiply: result = a.multiplying(by: b)
            default:
                guard b != .zero else {
                    throw ExpressionError(
                        .divisionByZero, "division by zero in '\(op.symbol)'", at: pos,
                        suggestion: "guard the divisor, e.g. d != 0 && x / d > 1")
                }
                result = op == .divide ? a.dividing(by: b) : a.remainder(dividingBy: b)
            }
            guard let result else { throw overflow(op.symbol, at: pos) }
            return .number(result)
        }
    }

    static func index(_ base: ExprValue, _ key: ExprValue, at pos: SourcePosition) throws(ExpressionError) -> ExprValue {
        switch (base, key) {
        case (.list(let items), .number(let n)):
            guard let i = n.integerValue, i >= 0, i < Int64(items.count) else {
                throw ExpressionError(
                    .indexOutOfRange, "index \(n) is out of range for a list of \(items.count) elements", at: pos,
                    suggestion: "check size(list) first")
            }
            return items[Int(i)]
        case (.map(let map), .string(let k)):
            guard let v = map[k] else {
                throw ExpressionError(.unknownField, "no key '\(k)' in map", at: pos, suggestion: "check with \"\(k)\" in map first")
            }
            return v
        case (.list, _):
            throw ExpressionError(.typeMismatch, "list index must be a number, got \(key.type)", at: pos)
        case (.map, _):
            throw ExpressionError(.typeMismatch, "map key must be a string, got \(key.type)", at: pos)
        default:
            throw ExpressionError(.typeMismatch, "cannot index into \(base.type)", at: pos, suggestion: "only lists and maps can be indexed")
        }
    }

    static func size(_ value: ExprValue, at pos: SourcePosition) throws(ExpressionError) -> ExprValue {
        let count: Int
        switch value {
        case .string(let s): count = s.unicodeScalars.count
        case .list(let l): count = l.count
        case .map(let m): count = m.count
        default:
            throw ExpressionError(.typeMismatch, "size() requires a string, list or map, got \(value.type)", at: pos)
        }
        return .number(ExprDecimal(integer: Int64(count)) ?? .zero)
    }
}
