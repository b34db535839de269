import O2CCore

/// Known fact paths and their types for static checking; a key ending in ".*" (or "*") declares every path below it.
public struct ExprSchema: Sendable {
    /// Result of looking up a path in a schema.
    enum Resolution: Equatable {
        case type(ExprType)
        case notAMap(prefix: String, type: ExprType, field: String, segmentIndex: Int)
        case unknown(suggestion: String?)
    }

    /// Declared paths (without wildcards), e.g. "customer.on_hold" → .bool.
    public let fields: [String: ExprType]
    /// Wildcard prefixes, e.g. "args" for the key "args.*" ("" for the key "*").
    public let wildcards: [String: ExprType]
    private let implicitMaps: Set<String>

    /// Creates a schema, e.g. `["args.*": .any, "customer.on_hold": .bool]`; parents of declared paths are implicitly maps.
    public init(_ entries: [String: ExprType]) {
        var fields: [String: ExprType] = [:]
        var wildcards: [String: ExprType] = [:]
        var maps: Set<String> = []
        for (key, type) in entries {
            let path: String
            if key == "*" {
                wildcards[""] = type
                continue
            } else if key.hasSuffix(".*") {
                path = String(key.dropLast(2))
                wildcards[path] = type
            } else {
                path = key
                fields[key] = type
            }
            var prefix = ""
            for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
                prefix = prefix.isEmpty ? String(segment) : prefix + "." + segment
                if prefix != key { maps.insert(prefix) }
            }
        }
        self.fields = fields
        self.wildcards = wildcards
        self.implicitMaps = maps
    }

    /// The declared type of a dotted path (`.any` inside wildcards), or nil when the schema does not know it.
    public func type(of path: String) -> ExprType? {
        if case .type(let t) = resolve(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)) { return t }
        return nil
    }

    func resolve(_ segments: [String]) -> Resolution {
        let dotted = segments.joined(separator: ".")
        if let t = fields[dotted] { return .type(t) }
        if implicitMaps.contains(dotted) { return .type(.map) }
        // Walk prefixes from longest to shortest: wildcards and `.any` cover everything below them.
        var count = segments.count - 1
        while count >= 0 {
            let prefix = segments.prefix(count).joined(separator: ".")
            if let t = wildcards[prefix] { return .type(t) }
            if count > 0, let t = fields[prefix] {
                if t == .any { return .type(.any) }
                if t != .map, !implicitMaps.contains(prefix) {
                    return .notAMap(prefix: prefix, type: t, field: segments[count], segmentIndex: count)
                }
            }
            count -= 1
        }
        let candidates = Array(fields.keys) + Array(implicitMaps)
        return .unknown(suggestion: Suggest.closest(to: dotted, in: candidates))
    }
}
