/// Which combinations of open amounts add up to a payment exactly: a meet-in-the-middle search
/// over at most `invoicesMax` amounts (2 × 2^(n/2) partial sums, 2 × 4,096 for the default 24),
/// stopping as soon as a second combination is found (then nothing is unique).
public enum SubsetSearch {
    /// The outcome of a search.
    public enum Outcome: Sendable, Equatable {
        /// No combination adds up.
        case none
        /// Exactly one combination adds up (indices into the amounts).
        case unique([Int])
        /// Two or more do (two of them).
        case several([Int], [Int])
    }

    /// The default bound on the amounts searched.
    public static let invoicesMaxDefault = 24

    /// Searches the non-empty subsets of `amounts` (at most 30 of them) that sum to `target`.
    public static func search(_ amounts: [Int64], target: Int64) -> Outcome {
        let n = min(amounts.count, 30)
        guard n > 0, target > 0 else { return .none }
        let half = n / 2
        let left = Array(amounts[0..<half])
        let right = Array(amounts[half..<n])
        // Sums of the left half: sum → up to two masks.
        var leftSums: [Int64: [UInt32]] = [:]
        leftSums.reserveCapacity(1 << left.count)
        for mask in 0..<(UInt32(1) << UInt32(left.count)) {
            guard let s = sum(left, mask) else { continue }
            if leftSums[s, default: []].count < 2 { leftSums[s, default: []].append(mask) }
        }
        var found: [[Int]] = []
        for mask in 0..<(UInt32(1) << UInt32(right.count)) {
            guard let s = sum(right, mask) else { continue }
            let (need, overflow) = target.subtractingReportingOverflow(s)
            guard !overflow, let masks = leftSums[need] else { continue }
            for l in masks where !(l == 0 && mask == 0) {
                found.append(indices(l, offset: 0, count: left.count) + indices(mask, offset: half, count: right.count))
                if found.count == 2 { return .several(found[0], found[1]) }
            }
        }
        return found.first.map { .unique($0) } ?? .none
    }

    private static func sum(_ values: [Int64], _ mask: UInt32) -> Int64? {
        var total: Int64 = 0
        var m = mask
        var k = 0
        while m != 0 {
            if m & 1 == 1 {
                let (r, o) = total.addingReportingOverflow(values[k])
                if o { return nil }
                total = r
            }
            m >>= 1
            k += 1
        }
        return total
    }

    private static func indices(_ mask: UInt32, offset: Int, count: Int) -> [Int] {
        (0..<count).filter { mask & (UInt32(1) << UInt32($0)) != 0 }.map { $0 + offset }
    }
}
