import O2CCore

/// The demo generator's own pseudo-random numbers: SplitMix64, so the same seed gives the same
/// sequence on every platform and Swift version (the standard library's `random(in:using:)`
/// algorithms are not promised to stay the same, so every draw below is computed here).
struct DemoRandom {
    private var mix: SplitMix64

    /// A generator started from `seed`.
    init(seed: UInt64) { mix = SplitMix64(state: seed) }

    /// A generator derived from `seed` for one independent stream (`stream` names it), so adding
    /// draws to one part of the generator does not shift the numbers of another.
    init(seed: UInt64, stream: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stream.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        mix = SplitMix64(state: seed ^ h)
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 { mix.next() }

    /// A uniform integer in `0..<n` (`n` > 0), without modulo bias.
    mutating func below(_ n: UInt64) -> UInt64 {
        precondition(n > 0, "DemoRandom.below(0)")
        let limit = UInt64.max - UInt64.max % n
        while true {
            let v = next()
            if v < limit { return v % n }
        }
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(below(width))
    }

    /// A uniform value in `[0, 1)`.
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// The same draw as `unit()` as an integer in 0..<2^53 (the fraction's numerator), for exact arithmetic.
    mutating func unit53() -> UInt64 { next() >> 11 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[Int(below(UInt64(items.count)))] }

    /// An index chosen with the given weights (non-negative, not all zero).
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = int(0...(total - 1))
        for (k, w) in weights.enumerated() {
            if r < w { return k }
            r -= w
        }
        return weights.count - 1
    }

    /// The array in a random order (Fisher–Yates).
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(below(UInt64(i + 1)))
            a.swapAt(i, j)
        }
        return a
    }
}
