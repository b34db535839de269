/// A parsed and compiled guardrail condition (safe CEL subset); parse once, evaluate many times from any thread.
public struct Expression: Sendable {
    /// The original source text.
    public let source: String
    /// Field paths referenced by the expression, in source order (including those inside has()).
    public let fieldPaths: [FieldReference]
    private let ast: ASTNode
    let program: Program

    /// Parses and compiles `source`; throws on syntax errors, unknown functions and exceeded limits.
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        let ast = try Parser.parse(source)
        self.ast = ast
        self.program = try Program.compile(ast)
        self.fieldPaths = FieldCollector.collect(ast)
    }

    /// Evaluates against facts given as a map (e.g. `["actor": ["kind": "agent"], "args": [...]]`).
    public func evaluate(_ facts: ExprValue) throws(ExpressionError) -> ExprValue {
        guard case .map(let map) = facts else {
            throw ExpressionError(
                code: .typeMismatch, message: "facts must be a map, got \(facts.type)", line: 1, column: 1,
                suggestion: "pass .map([\"actor\": ..., \"args\": ...])")
        }
        return try Evaluator(facts: map).eval(program)
    }

    /// Evaluates against a facts dictionary.
    public func evaluate(_ facts: [String: ExprValue]) throws(ExpressionError) -> ExprValue {
        try Evaluator(facts: facts).eval(program)
    }

    /// Evaluates and requires a bool result (errors should be treated as fail-closed by callers).
    public func evaluateCondition(_ facts: ExprValue) throws(ExpressionError) -> Bool {
        try Expression.requireBool(try evaluate(facts))
    }

    /// Evaluates a facts dictionary and requires a bool result.
    public func evaluateCondition(_ facts: [String: ExprValue]) throws(ExpressionError) -> Bool {
        try Expression.requireBool(try evaluate(facts))
    }

    private static func requireBool(_ value: ExprValue) throws(ExpressionError) -> Bool {
        guard case .bool(let b) = value else {
            throw ExpressionError(
                code: .notBool, message: "condition must evaluate to bool, got \(value.type)", line: 1, column: 1,
                suggestion: "compare the value, e.g. x > 0 or x == \"value\"")
        }
        return b
    }

    /// Statically checks against a schema and returns every problem found (unknown fields with suggestions, type errors, non-bool result).
    public func check(schema: ExprSchema, expectBool: Bool = true) -> [ExpressionError] {
        var checker = Checker(schema: schema)
        checker.checkCondition(ast, expectBool: expectBool)
        return checker.problems
    }

    /// Convenience: parses `source`, returning the parse error instead of throwing (handy for linters).
    public static func validate(_ source: String) -> ExpressionError? {
        do {
            _ = try Expression(source)
            return nil
        } catch {
            return error
        }
    }
}

/// Unambiguous alias for `Expression` (Foundation also declares an `Expression` type; use this name in files that import Foundation).
public typealias CELExpression = Expression
