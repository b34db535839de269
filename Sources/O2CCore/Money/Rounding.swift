/// The one rounding rule of o2c: round half away from zero at the minor unit
/// ("commercial rounding", as EN 16931 and most tax authorities expect).
public enum Rounding {
    /// `numerator / denominator`, rounded half away from zero. `denominator` must be positive.
    public static func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator > 0, "rounding divide by a non-positive denominator (a programmer error: callers check)")
        let q = numerator / denominator
        let r = numerator % denominator
        if r == 0 { return q }
        if (r.magnitude * 2) >= denominator.magnitude {
            return numerator < 0 ? q - 1 : q + 1
        }
        return q
    }

    /// `value * numerator / denominator` rounded half away from zero, computed in 128 bits;
    /// nil when the result does not fit in 64 bits (never clamped) or `denominator` is not positive.
    public static func scale(_ value: Int64, by numerator: Int64, over denominator: Int64) -> Int64? {
        guard denominator > 0 else { return nil }
        return Int64(exactly: divide(Int128(value) * Int128(numerator), by: Int128(denominator)))
    }

    /// Splits `total` over `weights` so the parts add up exactly to `total`
    /// (largest remainder; ties go to the earlier part). A negative weight counts as zero, so no
    /// part is larger than `total`.
    public static func allocate(_ total: Int64, weights rawWeights: [Int64]) -> [Int64] {
        let weights = rawWeights.map { max($0, 0) }
        let sum = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard sum != 0 else {
            var parts = Array(repeating: Int64(0), count: weights.count)
            if !parts.isEmpty { parts[0] = total }
            return parts
        }
        var parts: [Int64] = []
        var remainders: [(Int, Int128)] = []
        var assigned: Int128 = 0
        for (k, w) in weights.enumerated() {
            let exact = Int128(total) * Int128(w)
            let q = exact / sum
            parts.append(Int64(q))
            assigned += q
            remainders.append((k, (exact % sum).magnitude > 0 ? Int128((exact % sum).magnitude) : 0))
        }
        var left = Int128(total) - assigned
        let step: Int64 = left >= 0 ? 1 : -1
        let order = remainders.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var k = 0
        while left != 0 && !order.isEmpty {
            parts[order[k % order.count].0] += step
            left -= Int128(step)
            k += 1
        }
        return parts
    }
}
