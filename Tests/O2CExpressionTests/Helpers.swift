import O2CExpression

let sampleFacts: ExprValue = [
    "actor": ["kind": "agent", "id": "a-7"],
    "action": "write_off",
    "amount": .decimal("1234.50")!,
    "args": [
        "discount_percent": 10,
        "amount": .decimal("2500.00")!,
        "lines": [1, 2, 3],
        "reason": "late fee",
        "note": nil,
        "meta": ["source": "email"],
    ],
    "customer": [
        "available_credit": .decimal("1000.00")!,
        "max_days_overdue": 12,
        "on_hold": false,
        "tags": ["vip", "eu"],
    ],
]

func eval(_ source: String, _ facts: ExprValue = sampleFacts) throws(ExpressionError) -> ExprValue {
    try Expression(source).evaluate(facts)
}

func cond(_ source: String, _ facts: ExprValue = sampleFacts) throws(ExpressionError) -> Bool {
    try Expression(source).evaluateCondition(facts)
}

/// The error thrown by parsing or evaluating `source`, or nil if it succeeded.
func failure(_ source: String, _ facts: ExprValue = sampleFacts) -> ExpressionError? {
    do {
        _ = try Expression(source).evaluate(facts)
        return nil
    } catch {
        return error
    }
}

/// The parse/compile error for `source`, or nil.
func parseFailure(_ source: String) -> ExpressionError? {
    Expression.validate(source)
}

func num(_ text: String) -> ExprValue { .decimal(text)! }
