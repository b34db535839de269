extension ActionResult {
    /// Whether the gate replayed this result from an idempotency key used before (nothing was
    /// written this time): a replayed result names no audit record.
    public var isReplay: Bool { auditSeq == 0 }
}
