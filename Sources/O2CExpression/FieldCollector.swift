/// Collects referenced field paths (in source order) for linters and documentation.
enum FieldCollector {
    static func collect(_ node: ASTNode) -> [FieldReference] {
        var out: [FieldReference] = []
        visit(node, presence: false, into: &out)
        return out
    }

    private static func visit(_ node: ASTNode, presence: Bool, into out: inout [FieldReference]) {
        if let path = node.fieldPath {
            let p = path.positions[0]
            out.append(FieldReference(path: path.dotted, line: Int(p.line), column: Int(p.column), isPresenceTest: presence))
            return
        }
        switch node {
        case .literal, .identifier:
            return
        case .select(let base, _, _):
            visit(base, presence: false, into: &out)
        case .index(let base, let key, _):
            visit(base, presence: false, into: &out)
            visit(key, presence: false, into: &out)
        case .call(let name, let args, _):
            for arg in args { visit(arg, presence: name == "has", into: &out) }
        case .list(let items, _), .and(let items, _), .or(let items, _):
            for item in items { visit(item, presence: false, into: &out) }
        case .unary(_, let operand, _):
            visit(operand, presence: false, into: &out)
        case .binary(_, let lhs, let rhs, _):
            visit(lhs, presence: false, into: &out)
            visit(rhs, presence: false, into: &out)
        }
    }
}
