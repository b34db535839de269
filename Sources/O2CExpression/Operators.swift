/// Binary operators (except `&&`/`||`, which are n-ary `ASTNode.and`/`.or`).
enum BinaryOperator: Sendable {
    case add, subtract, multiply, divide, remainder
    case equal, notEqual, less, lessEqual, greater, greaterEqual, `in`

    var symbol: String {
        switch self {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .remainder: return "%"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .in: return "in"
        }
    }

    var verb: String {
        switch self {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        case .remainder: return "take the remainder of"
        default: return "compare"
        }
    }
}

/// Unary prefix operators.
enum UnaryOperator: Sendable {
    case not, negate
}
