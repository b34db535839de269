/// A lexical token with its source position.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(ExprDecimal)
        case string(String)
        case trueKeyword, falseKeyword, nullKeyword, inKeyword
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot
        case plus, minus, star, slash, percent, bang
        case equal, notEqual, less, lessEqual, greater, greaterEqual, and, or
        case end
    }

    let kind: Kind
    let position: SourcePosition

    /// Human-readable rendering for messages, e.g. `')'`, `identifier 'amount'`, `end of expression`.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .number(let d): return "number \(d)"
        case .string: return "string literal"
        case .trueKeyword: return "'true'"
        case .falseKeyword: return "'false'"
        case .nullKeyword: return "'null'"
        case .inKeyword: return "'in'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .bang: return "'!'"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .and: return "'&&'"
        case .or: return "'||'"
        case .end: return "end of expression"
        }
    }
}
