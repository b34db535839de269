import O2CCore

/// Compiled, constant-folded form of an expression that the `Evaluator` walks.
indirect enum Program: Sendable {
    case constant(ExprValue)
    case path(FieldPath)
    case has(FieldPath)
    case select(Program, String, SourcePosition)
    case index(Program, Program, SourcePosition)
    case size(Program, SourcePosition)
    case list([Program], SourcePosition)
    case not(Program, SourcePosition)
    case negate(Program, SourcePosition)
    case binary(BinaryOperator, Program, Program, SourcePosition)
    /// `path <op> constant number`, the most common guardrail shape.
    case comparePathNumber(BinaryOperator, FieldPath, ExprDecimal, SourcePosition)
    /// `path == constant string` / `!=`.
    case comparePathString(BinaryOperator, FieldPath, String, SourcePosition)
    case and([Program], [SourcePosition])
    case or([Program], [SourcePosition])
    /// `value in [constants]`.
    case inConstants(Program, [ExprValue])
    /// A field path bound to a slot of an `ExprFrame` (see `ExprSymbolTable.bind`).
    case slot(Int)
    /// `has(path)` for a bound path.
    case hasSlot(Int)
    /// `slot <op> constant number`.
    case compareSlotNumber(BinaryOperator, Int, ExprDecimal, SourcePosition)
    /// `slot == constant string` / `!=`.
    case compareSlotString(BinaryOperator, Int, String, SourcePosition)

    var constantValue: ExprValue? {
        if case .constant(let v) = self { return v }
        return nil
    }

    /// Compiles a parsed tree: resolves functions, pre-splits paths and folds constants.
    static func compile(_ node: ASTNode) throws(ExpressionError) -> Program {
        switch node {
        case .literal(let v, _):
            return .constant(v)
        case .identifier, .select:
            if let path = node.fieldPath { return .path(path) }
            guard case .select(let base, let name, let pos) = node else { return .constant(.null) }
            return .select(try compile(base), name, pos)
        case .index(let base, let key, let pos):
            let b = try compile(base)
            let k = try compile(key)
            if let bv = b.constantValue, let kv = k.constantValue,
                let folded = try? Evaluator.index(bv, kv, at: pos)
            {
                return .constant(folded)
            }
            return .index(b, k, pos)
        case .call(let name, let args, let pos):
            switch name {
            case "has":
                guard args.count == 1, let path = args[0].fieldPath, path.segments.count >= 1 else {
                    throw ExpressionError(
                        .invalidArgument, "has() takes exactly one field path", at: pos,
                        suggestion: "write has(args.amount)")
                }
                return .has(path)
            case "size":
                guard args.count == 1 else {
                    throw ExpressionError(
                        .invalidArgument, "size() takes exactly one argument, got \(args.count)", at: pos,
                        suggestion: "write size(args.lines)")
                }
                let arg = try compile(args[0])
                if let v = arg.constantValue, let folded = try? Evaluator.size(v, at: pos) { return .constant(folded) }
                return .size(arg, pos)
            default:
                let suggestion = Suggest.closest(to: name, in: ["has", "size"]).map { "did you mean '\($0)'?" }
                throw ExpressionError(
                    .unknownFunction, "unknown function '\(name)'", at: pos,
                    suggestion: suggestion ?? "only has(...) and size(...) are available")
            }
        case .list(let items, let pos):
            var compiled: [Program] = []
            compiled.reserveCapacity(items.count)
            var constants: [ExprValue] = []
            for item in items {
                let c = try compile(item)
                compiled.append(c)
                if let v = c.constantValue { constants.append(v) }
            }
            return constants.count == compiled.count ? .constant(.list(constants)) : .list(compiled, pos)
        case .unary(let op, let operand, let pos):
            let c = try compile(operand)
            if let v = c.constantValue {
                let folded = op == .not ? try? Evaluator.not(v, at: pos) : try? Evaluator.negate(v, at: pos)
                if let folded { return .constant(folded) }
            }
            return op == .not ? .not(c, pos) : .negate(c, pos)
        case .binary(let op, let lhs, let rhs, let pos):
            let l = try compile(lhs)
            let r = try compile(rhs)
            if let lv = l.constantValue, let rv = r.constantValue,
                let folded = try? Evaluator.binary(op, lv, rv, at: pos)
            {
                return .constant(folded)
            }
            if op == .in, case .constant(.list(let items)) = r {
                return .inConstants(l, items)
            }
            if case .path(let path) = l, let rv = r.constantValue {
                switch (op, rv) {
                case (.equal, .number(let d)), (.notEqual, .number(let d)), (.less, .number(let d)),
                    (.lessEqual, .number(let d)), (.greater, .number(let d)), (.greaterEqual, .number(let d)):
                    return .comparePathNumber(op, path, d, pos)
                case (.equal, .string(let s)), (.notEqual, .string(let s)):
                    return .comparePathString(op, path, s, pos)
                default:
                    break
                }
            }
            return .binary(op, l, r, pos)
        case .and(let items, _), .or(let items, _):
            var isAnd = false
            if case .and = node { isAnd = true }
            var compiled: [Program] = []
            var positions: [SourcePosition] = []
            for item in items {
                let c = try compile(item)
                // A constant that decides the result makes later operands irrelevant only if it comes first;
                // keep it simple and only drop constants that are neutral (true for &&, false for ||).
                if case .constant(.bool(let b)) = c, b == isAnd { continue }
                compiled.append(c)
                positions.append(item.startPosition)
            }
            if compiled.isEmpty { return .constant(.bool(isAnd)) }
            return isAnd ? .and(compiled, positions) : .or(compiled, positions)
        }
    }

    /// The same program with every field path that `slotFor` maps replaced by its slot.
    func bound(_ slotFor: (FieldPath) -> Int) -> Program {
        switch self {
        case .constant, .slot, .hasSlot, .compareSlotNumber, .compareSlotString:
            return self
        case .path(let path):
            return .slot(slotFor(path))
        case .has(let path):
            return .hasSlot(slotFor(path))
        case .comparePathNumber(let op, let path, let d, let pos):
            return .compareSlotNumber(op, slotFor(path), d, pos)
        case .comparePathString(let op, let path, let s, let pos):
            return .compareSlotString(op, slotFor(path), s, pos)
        case .select(let base, let name, let pos):
            return .select(base.bound(slotFor), name, pos)
        case .index(let base, let key, let pos):
            return .index(base.bound(slotFor), key.bound(slotFor), pos)
        case .size(let operand, let pos):
            return .size(operand.bound(slotFor), pos)
        case .list(let items, let pos):
            return .list(items.map { $0.bound(slotFor) }, pos)
        case .not(let operand, let pos):
            return .not(operand.bound(slotFor), pos)
        case .negate(let operand, let pos):
            return .negate(operand.bound(slotFor), pos)
        case .binary(let op, let lhs, let rhs, let pos):
            return .binary(op, lhs.bound(slotFor), rhs.bound(slotFor), pos)
        case .and(let items, let positions):
            return .and(items.map { $0.bound(slotFor) }, positions)
        case .or(let items, let positions):
            return .or(items.map { $0.bound(slotFor) }, positions)
        case .inConstants(let value, let items):
            return .inConstants(value.bound(slotFor), items)
        }
    }
}
