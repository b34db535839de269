/// Dotted field paths with a slot number each, so expressions can be bound once and evaluated
/// against a flat `ExprFrame` (an array lookup per field) instead of nested facts maps.
///
/// Typical use: bind every expression of a rule set to one table at load time; per evaluation,
/// fill a frame from the facts (`frame(_:)`, or slot by slot) and evaluate the bound expressions.
public struct ExprSymbolTable: Sendable {
    /// The dotted paths, by slot.
    public private(set) var paths: [String] = []
    private var parts: [[String]] = []
    private var slots: [String: Int] = [:]

    /// An empty table.
    public init() {}

    /// The number of slots.
    public var count: Int { paths.count }

    /// The slot of a dotted path (e.g. `customer.available_credit`), if the table has it.
    public func slot(of path: String) -> Int? { slots[path] }

    /// The slot of a dotted path, added when new.
    @discardableResult
    public mutating func add(_ path: String) -> Int {
        add(segments: path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    private mutating func add(segments parts: [String]) -> Int {
        let dotted = parts.joined(separator: ".")
        if let slot = slots[dotted] { return slot }
        let slot = paths.count
        paths.append(dotted)
        self.parts.append(parts)
        slots[dotted] = slot
        return slot
    }

    /// Binds `expression` to this table: each field path it reads becomes a slot (added when new).
    public mutating func bind(_ expression: Expression) -> BoundExpression {
        let program = expression.program.bound { path in add(segments: path.segments) }
        return BoundExpression(program: program)
    }

    /// Resolves every path of the table in a facts map (as `Expression.evaluate` would):
    /// a path that cannot be resolved (a missing key, a non-map on the way) is absent (nil).
    public func frame(_ facts: [String: ExprValue]) -> ExprFrame {
        var values: [ExprValue?] = []
        values.reserveCapacity(parts.count)
        for parts in self.parts {
            values.append(ExprSymbolTable.resolve(parts, in: facts))
        }
        return ExprFrame(values: values)
    }

    /// The value at `parts` in a facts map, nil when absent.
    public static func resolve(_ parts: [String], in facts: [String: ExprValue]) -> ExprValue? {
        guard let first = parts.first, var current = facts[first] else { return nil }
        var i = 1
        while i < parts.count {
            guard case .map(let map) = current, let next = map[parts[i]] else { return nil }
            current = next
            i += 1
        }
        return current
    }

    /// The segments of the path in `slot`.
    public func segments(of slot: Int) -> [String] { slot >= 0 && slot < parts.count ? parts[slot] : [] }
}

/// The values of an `ExprSymbolTable`'s paths for one evaluation; nil where a path is absent.
public struct ExprFrame: Sendable {
    /// The values, by slot.
    public var values: [ExprValue?]

    /// A frame of `count` absent values.
    public init(count: Int) {
        values = Array(repeating: nil, count: max(count, 0))
    }

    /// A frame of these values, by slot.
    public init(values: [ExprValue?]) {
        self.values = values
    }

    /// The value in a slot (nil when absent or out of range); setting out of range is ignored.
    public subscript(slot: Int) -> ExprValue? {
        get { slot >= 0 && slot < values.count ? values[slot] : nil }
        set {
            if slot >= 0, slot < values.count { values[slot] = newValue }
        }
    }
}

/// An expression bound to an `ExprSymbolTable`; evaluate it against frames of that table.
/// (Just the compiled program, so copying one is cheap; keep the `Expression` for errors.)
public struct BoundExpression: Sendable {
    let program: Program

    /// The condition's value against a frame, or nil when it cannot be evaluated (an absent
    /// field, a type error, a non-bool result). In that case evaluate the `Expression` it was
    /// bound from against the facts map for the precise error: whenever this returns a value, it
    /// is the one `Expression.evaluateCondition(facts)` returns for the facts the frame was filled from.
    @inline(__always)
    public func condition(_ frame: ExprFrame) -> Bool? {
        frame.values.withUnsafeBufferPointer { buffer in
            do {
                if case .bool(let b) = try Evaluator(frame: buffer).eval(program) { return b }
                return nil
            } catch {
                return nil
            }
        }
    }

    /// Evaluates against a frame; the error (when there is one) is not precise, see `condition(_:)`.
    public func evaluate(_ frame: ExprFrame) throws(ExpressionError) -> ExprValue {
        try frame.values.withUnsafeBufferPointer { (buffer) throws(ExpressionError) -> ExprValue in
            try Evaluator(frame: buffer).eval(program)
        }
    }
}
