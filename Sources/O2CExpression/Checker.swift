import O2CCore

/// Static type checker behind `Expression.check(schema:)`: collects every problem instead of stopping at the first.
struct Checker {
    let schema: ExprSchema
    private(set) var problems: [ExpressionError] = []

    init(schema: ExprSchema) {
        self.schema = schema
    }

    private mutating func report(_ error: ExpressionError) {
        problems.append(error)
    }

    /// Checks a whole condition; reports a non-bool result when `expectBool` is set.
    mutating func checkCondition(_ node: ASTNode, expectBool: Bool) {
        let type = infer(node)
        if expectBool, type != .bool, type != .any {
            report(ExpressionError(
                .notBool, "condition must evaluate to bool, got \(type)", at: node.startPosition,
                suggestion: "compare the value, e.g. x > 0 or x == \"value\""))
        }
    }

    private mutating func resolve(_ path: FieldPath) -> ExprType {
        switch schema.resolve(path.segments) {
        case .type(let t):
            return t
        case .notAMap(let prefix, let type, let field, let index):
            report(ExpressionError(
                .typeMismatch, "cannot access field '\(field)' on \(type) '\(prefix)'", at: path.positions[index],
                suggestion: "'\(prefix)' is declared as \(type)"))
            return .any
        case .unknown(let suggestion):
            let kind: ExpressionError.Code = path.segments.count == 1 ? .unknownIdentifier : .unknownField
            report(ExpressionError(
                kind, "unknown field '\(path.dotted)'", at: path.positions[0],
                suggestion: suggestion.map { "did you mean '\($0)'?" } ?? "declare it in the schema or fix the name"))
            return .any
        }
    }

    private static func known(_ t: ExprType) -> Bool { t != .any }

    private mutating func expect(_ t: ExprType, _ allowed: Set<ExprType>, at pos: SourcePosition, _ message: String) {
        if t != .any, !allowed.contains(t) {
            report(ExpressionError(.typeMismatch, message, at: pos))
        }
    }

    mutating func infer(_ node: ASTNode) -> ExprType {
        switch node {
        case .literal(let v, _):
            return v.type
        case .identifier, .select:
            if let path = node.fieldPath { return resolve(path) }
            guard case .select(let base, let name, let pos) = node else { return .any }
            let t = infer(base)
            expect(t, [.map], at: pos, "cannot access field '\(name)' on \(t)")
            return .any
        case .index(let base, let key, let pos):
            let b = infer(base)
            let k = infer(key)
            switch b {
            case .list: expect(k, [.number], at: key.startPosition, "list index must be a number, got \(k)")
            case .map: expect(k, [.string], at: key.startPosition, "map key must be a string, got \(k)")
            case .any: break
            default: report(ExpressionError(.typeMismatch, "cannot index into \(b)", at: pos))
            }
            return .any
        case .call(let name, let args, let pos):
            switch name {
            case "has":
                if args.count == 1, let path = args[0].fieldPath {
                    _ = resolve(path)
                } else {
                    report(ExpressionError(.invalidArgument, "has() takes exactly one field path", at: pos, suggestion: "write has(args.amount)"))
                }
                return .bool
            case "size":
                if args.count != 1 {
                    report(ExpressionError(.invalidArgument, "size() takes exactly one argument, got \(args.count)", at: pos))
                }
                for arg in args {
                    let t = infer(arg)
                    expect(t, [.string, .list, .map], at: arg.startPosition, "size() requires a string, list or map, got \(t)")
                }
                return .number
            default:
                for arg in args { _ = infer(arg) }
                report(ExpressionError(
                    .unknownFunction, "unknown function '\(name)'", at: pos,
                    suggestion: Suggest.closest(to: name, in: ["has", "size"]).map { "did you mean '\($0)'?" }))
                return .any
            }
        case .list(let items, _):
            for item in items { _ = infer(item) }
            return .list
        case .unary(let op, let operand, let pos):
            let t = infer(operand)
            if op == .not {
                expect(t, [.bool], at: pos, "'!' requires a bool, got \(t)")
                return .bool
            }
            expect(t, [.number], at: pos, "'-' requires a number, got \(t)")
            return .number
        case .and(let items, _), .or(let items, _):
            var symbol = "||"
            if case .and = node { symbol = "&&" }
            for item in items {
                let t = infer(item)
                expect(t, [.bool], at: item.startPosition, "'\(symbol)' requires bool operands, got \(t)")
            }
            return .bool
        case .binary(let op, let lhs, let rhs, let pos):
            let l = infer(lhs)
            let r = infer(rhs)
            let bothKnown = Checker.known(l) && Checker.known(r)
            switch op {
            case .equal, .notEqual:
                if bothKnown, l != r, l != .null, r != .null {
                    report(ExpressionError(
                        .typeMismatch, "cannot compare \(l) with \(r)", at: pos,
                        suggestion: "'\(op.symbol)' needs both sides of the same type (or null)"))
                }
                return .bool
            case .less, .lessEqual, .greater, .greaterEqual:
                let orderable: Set<ExprType> = [.number, .string]
                if bothKnown, l != r || !orderable.contains(l) {
                    report(ExpressionError(
                        .typeMismatch, "cannot compare \(l) with \(r)", at: pos,
                        suggestion: "'\(op.symbol)' works on two numbers or two strings"))
                } else {
                    expect(l, orderable, at: pos, "cannot compare \(l) with '\(op.symbol)'")
                    expect(r, orderable, at: pos, "cannot compare \(r) with '\(op.symbol)'")
                }
                return .bool
            case .in:
                expect(r, [.list, .map], at: pos, "'in' requires a list or map on the right, got \(r)")
                if r == .map { expect(l, [.string], at: pos, "map keys are strings; cannot test \(l) with 'in'") }
                return .bool
            case .add:
                let addable: Set<ExprType> = [.number, .string, .list]
                if bothKnown {
                    if l != r || !addable.contains(l) {
                        report(ExpressionError(
                            .typeMismatch, "cannot add \(l) and \(r)", at: pos,
                            suggestion: "'+' works on two numbers, two strings or two lists"))
                        return .any
                    }
                    return l
                }
                let knownSide = Checker.known(l) ? l : r
                expect(knownSide, addable, at: pos, "cannot add \(knownSide)")
                return addable.contains(knownSide) ? knownSide : .any
            case .subtract, .multiply, .divide, .remainder:
                if bothKnown, l != .number || r != .number {
                    report(ExpressionError(
                        .typeMismatch, "cannot \(op.verb) \(l) and \(r)", at: pos,
                        suggestion: "'\(op.symbol)' works on numbers only"))
                } else {
                    expect(l, [.number], at: pos, "'\(op.symbol)' requires numbers, got \(l)")
                    expect(r, [.number], at: pos, "'\(op.symbol)' requires numbers, got \(r)")
                }
                if case .literal(.number(let d), _) = rhs, d == .zero, op == .divide || op == .remainder {
                    report(ExpressionError(.divisionByZero, "division by zero in '\(op.symbol)'", at: pos))
                }
                return .number
            }
        }
    }
}
