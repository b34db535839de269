import O2CCore

/// Short texts already found clean (free of PII, or of injection patterns), so the regexes run
/// once per distinct value: tool results repeat the same codes, dates, statuses and names.
/// Bounded: texts longer than `lengthMax` bytes are never kept, and the set is emptied when it
/// holds `countMax`. Safe to share.
final class CleanTexts: Sendable {
    private let texts = Locked(Set<String>())
    let lengthMax: Int
    let countMax: Int

    init(lengthMax: Int, countMax: Int = 4_096) {
        self.lengthMax = lengthMax
        self.countMax = countMax
    }

    /// Whether `text` was found clean before.
    func contains(_ text: String) -> Bool {
        text.utf8.count <= lengthMax && texts.withLock { $0.contains(text) }
    }

    /// Remembers that `text` is clean (when it is short enough).
    func insert(_ text: String) {
        guard text.utf8.count <= lengthMax else { return }
        texts.withLock { known in
            if known.count >= countMax { known.removeAll(keepingCapacity: true) }
            known.insert(text)
        }
    }
}
