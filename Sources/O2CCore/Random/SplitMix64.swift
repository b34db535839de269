/// A seeded pseudo-random generator (SplitMix64): the same seed gives the same numbers on every
/// platform and Swift version, so a failing property test or fuzz run replays from its seed.
/// Not for secrets (tokens use the system generator).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; start it with a seed.
    public var state: UInt64

    /// A generator started from `state`.
    public init(state: UInt64) { self.state = state }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An integer in `range` (a slight modulo bias is fine for tests).
    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    /// One of `items` (not empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}
