/// Parsed syntax tree; positions point at the token that identifies each node (operator, name, literal start).
indirect enum ASTNode: Sendable {
    case literal(ExprValue, SourcePosition)
    case identifier(String, SourcePosition)
    case select(ASTNode, String, SourcePosition)
    case index(ASTNode, ASTNode, SourcePosition)
    case call(String, [ASTNode], SourcePosition)
    case list([ASTNode], SourcePosition)
    case unary(UnaryOperator, ASTNode, SourcePosition)
    case binary(BinaryOperator, ASTNode, ASTNode, SourcePosition)
    case and([ASTNode], SourcePosition)
    case or([ASTNode], SourcePosition)

    var position: SourcePosition {
        switch self {
        case .literal(_, let p), .identifier(_, let p), .select(_, _, let p), .index(_, _, let p),
            .call(_, _, let p), .list(_, let p), .unary(_, _, let p), .binary(_, _, _, let p),
            .and(_, let p), .or(_, let p):
            return p
        }
    }

    /// Start position of the whole sub-expression (leftmost token), used for operand errors.
    var startPosition: SourcePosition {
        switch self {
        case .select(let base, _, _), .index(let base, _, _): return base.startPosition
        case .binary(_, let lhs, _, _): return lhs.startPosition
        case .and(let items, let p), .or(let items, let p): return items.first?.startPosition ?? p
        default: return position
        }
    }

    /// `a.b.c` as segments with positions when this node is a plain field path rooted at an identifier.
    var fieldPath: FieldPath? {
        var segments: [String] = []
        var positions: [SourcePosition] = []
        var node = self
        while true {
            switch node {
            case .identifier(let name, let p):
                segments.append(name)
                positions.append(p)
                return FieldPath(segments: segments.reversed(), positions: positions.reversed())
            case .select(let base, let name, let p):
                segments.append(name)
                positions.append(p)
                node = base
            default:
                return nil
            }
        }
    }
}
