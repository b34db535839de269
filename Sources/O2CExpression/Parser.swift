/// Recursive-descent parser with CEL precedence; nesting and tree height are bounded so input cannot exhaust the stack.
struct Parser {
    private struct Parsed {
        let node: ASTNode
        let height: Int
    }

    private let tokens: [Token]
    private var index = 0

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a complete expression.
    static func parse(_ source: String) throws(ExpressionError) -> ASTNode {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        let result = try parser.expression(depth: 0)
        let trailing = parser.current
        guard trailing.kind == .end else {
            throw ExpressionError(
                .unexpectedToken, "unexpected \(trailing.display)", at: trailing.position,
                suggestion: "expected an operator such as '&&', '||', '==', '+' or the end of the expression")
        }
        return result.node
    }

    private var current: Token { tokens[min(index, tokens.count - 1)] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func unexpected(_ token: Token, expected: String) -> ExpressionError {
        if token.kind == .end {
            return ExpressionError(.unexpectedEnd, "unexpected end of expression", at: token.position, suggestion: "expected \(expected)")
        }
        return ExpressionError(.unexpectedToken, "unexpected \(token.display)", at: token.position, suggestion: "expected \(expected)")
    }

    private func checkHeight(_ height: Int, at pos: SourcePosition) throws(ExpressionError) {
        guard height <= ExpressionLimits.maxTreeHeight else {
            throw ExpressionError(
                .nestingTooDeep, "expression is too complex (more than \(ExpressionLimits.maxTreeHeight) levels)", at: pos,
                suggestion: "split it into several rules or use 'x in [...]' instead of long chains")
        }
    }

    private func checkDepth(_ depth: Int, at pos: SourcePosition) throws(ExpressionError) {
        guard depth <= ExpressionLimits.maxNestingDepth else {
            throw ExpressionError(
                .nestingTooDeep, "expression is nested too deeply (more than \(ExpressionLimits.maxNestingDepth) levels)", at: pos,
                suggestion: "remove redundant parentheses or split the rule")
        }
    }

    private mutating func expression(depth: Int) throws(ExpressionError) -> Parsed {
        try checkDepth(depth, at: current.position)
        return try logical(isAnd: false, depth: depth)
    }

    private mutating func logical(isAnd: Bool, depth: Int) throws(ExpressionError) -> Parsed {
        let first = isAnd ? try relation(depth: depth) : try logical(isAnd: true, depth: depth)
        let opKind: Token.Kind = isAnd ? .and : .or
        guard current.kind == opKind else { return first }
        let pos = current.position
        var items = [first.node]
        var height = first.height
        while current.kind == opKind {
            advance()
            let next = isAnd ? try relation(depth: depth) : try logical(isAnd: true, depth: depth)
            items.append(next.node)
            height = max(height, next.height)
        }
        try checkHeight(height + 1, at: pos)
        return Parsed(node: isAnd ? .and(items, pos) : .or(items, pos), height: height + 1)
    }

    private static func relationOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .inKeyword: return .in
        default: return nil
        }
    }

    private static func additiveOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
        case .plus: return .add
        case .minus: return .subtract
        default: return nil
        }
    }

    private static func multiplicativeOperator(_ kind: Token.Kind) -> BinaryOperator? {
        switch kind {
        case .star: return .multiply
        case .slash: return .divide
        case .percent: return .remainder
        default: return nil
        }
    }

    private mutating func relation(depth: Int) throws(ExpressionError) -> Parsed {
        var left = try additive(depth: depth)
        while let op = Parser.relationOperator(current.kind) {
            let pos = current.position
            advance()
            let right = try additive(depth: depth)
            left = try combine(op, left, right, pos)
        }
        return left
    }

    private mutating func additive(depth: Int) throws(ExpressionError) -> Parsed {
        var left = try multiplicative(depth: depth)
        while let op = Parser.additiveOperator(current.kind) {
            let pos = current.position
            advance()
            let right = try multiplicative(depth: depth)
            left = try combine(op, left, right, pos)
        }
        return left
    }

    private mutating func multiplicative(depth: Int) throws(ExpressionError) -> Parsed {
        var left = try unary(depth: depth)
        while let op = Parser.multiplicativeOperator(current.kind) {
            let pos = current.position
            advance()
            let right = try unary(depth: depth)
            left = try combine(op, left, right, pos)
        }
        return left
    }

    private func combine(_ op: BinaryOperator, _ l: Parsed, _ r: Parsed, _ pos: SourcePosition) throws(ExpressionError) -> Parsed {
        let height = max(l.height, r.height) + 1
        try checkHeight(height, at: pos)
        return Parsed(node: .binary(op, l.node, r.node, pos), height: height)
    }

    private mutating func unary(depth: Int) throws(ExpressionError) -> Parsed {
        var ops: [(UnaryOperator, SourcePosition)] = []
        while current.kind == .bang || current.kind == .minus {
            ops.append((current.kind == .bang ? .not : .negate, current.position))
            try checkDepth(depth + ops.count, at: current.position)
            advance()
        }
        var result = try postfix(depth: depth + ops.count)
        for (op, pos) in ops.reversed() {
            try checkHeight(result.height + 1, at: pos)
            result = Parsed(node: .unary(op, result.node, pos), height: result.height + 1)
        }
        return result
    }

    private mutating func postfix(depth: Int) throws(ExpressionError) -> Parsed {
        var result = try primary(depth: depth)
        while true {
            switch current.kind {
            case .dot:
                advance()
                guard case .identifier(let name) = current.kind else {
                    throw unexpected(current, expected: "a field name after '.'")
                }
                let pos = current.position
                advance()
                if current.kind == .leftParen {
                    throw ExpressionError(
                        .unknownFunction, "method calls like '.\(name)()' are not supported", at: pos,
                        suggestion: name == "size" ? "use size(x)" : "only has(...) and size(...) are available")
                }
                try checkHeight(result.height + 1, at: pos)
                result = Parsed(node: .select(result.node, name, pos), height: result.height + 1)
            case .leftBracket:
                let pos = current.position
                try checkDepth(depth + 1, at: pos)
                advance()
                let key = try expression(depth: depth + 1)
                guard current.kind == .rightBracket else { throw unexpected(current, expected: "']' to close the index") }
                advance()
                let height = max(result.height, key.height) + 1
                try checkHeight(height, at: pos)
                result = Parsed(node: .index(result.node, key.node, pos), height: height)
            default:
                return result
            }
        }
    }

    private mutating func primary(depth: Int) throws(ExpressionError) -> Parsed {
        let token = current
        switch token.kind {
        case .number(let d):
            advance()
            return Parsed(node: .literal(.number(d), token.position), height: 1)
        case .string(let s):
            advance()
            return Parsed(node: .literal(.string(s), token.position), height: 1)
        case .trueKeyword:
            advance()
            return Parsed(node: .literal(.bool(true), token.position), height: 1)
        case .falseKeyword:
            advance()
            return Parsed(node: .literal(.bool(false), token.position), height: 1)
        case .nullKeyword:
            advance()
            return Parsed(node: .literal(.null, token.position), height: 1)
        case .identifier(let name):
            advance()
            guard current.kind == .leftParen else { return Parsed(node: .identifier(name, token.position), height: 1) }
            try checkDepth(depth + 1, at: current.position)
            advance()
            let (args, height) = try sequence(closing: .rightParen, what: "')' to close the call", depth: depth + 1)
            try checkHeight(height + 1, at: token.position)
            return Parsed(node: .call(name, args, token.position), height: height + 1)
        case .leftParen:
            try checkDepth(depth + 1, at: token.position)
            advance()
            let inner = try expression(depth: depth + 1)
            guard current.kind == .rightParen else { throw unexpected(current, expected: "')' to match '(' at \(token.position)") }
            advance()
            return inner
        case .leftBracket:
            try checkDepth(depth + 1, at: token.position)
            advance()
            let (items, height) = try sequence(closing: .rightBracket, what: "']' to close the list", depth: depth + 1)
            try checkHeight(height + 1, at: token.position)
            return Parsed(node: .list(items, token.position), height: height + 1)
        default:
            throw unexpected(token, expected: "a value, field name, '(' or '['")
        }
    }

    /// Parses `a, b, c` up to the closing token (trailing comma allowed); returns items and max height.
    private mutating func sequence(closing: Token.Kind, what: String, depth: Int) throws(ExpressionError) -> ([ASTNode], Int) {
        var items: [ASTNode] = []
        var height = 0
        let open = current.position
        while current.kind != closing {
            let item = try expression(depth: depth)
            items.append(item.node)
            height = max(height, item.height)
            guard items.count <= ExpressionLimits.maxListLength else {
                throw ExpressionError(
                    .listTooLarge, "list has more than \(ExpressionLimits.maxListLength) elements", at: open,
                    suggestion: "keep literal lists short")
            }
            if current.kind == .comma {
                advance()
            } else if current.kind != closing {
                throw unexpected(current, expected: "',' or \(what)")
            }
        }
        advance()
        return (items, height)
    }
}
