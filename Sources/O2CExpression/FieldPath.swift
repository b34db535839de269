/// A dotted field path such as `customer.on_hold`, pre-split into segments.
struct FieldPath: Sendable {
    let segments: [String]
    let positions: [SourcePosition]

    var root: String { segments[0] }
    var dotted: String { segments.joined(separator: ".") }
    func prefix(_ count: Int) -> String { segments.prefix(count).joined(separator: ".") }
}
