extension Duration {
    /// The duration in seconds.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds.
    public var inMilliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }

    /// The time passed since `start` on the continuous clock.
    public static func since(_ start: ContinuousClock.Instant) -> Duration { ContinuousClock.now - start }
}
