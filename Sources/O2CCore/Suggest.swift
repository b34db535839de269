/// "Did you mean …?" suggestions by edit distance: the one suggester of the code base.
public enum Suggest {
    /// The candidate closest to `word`, when it is close enough to be a likely typo (ties go to the
    /// alphabetically first); failing that, a candidate `word` abbreviates (`qty` → `quantity`).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = word.lowercased()
        let limit = max(2, w.unicodeScalars.count / 3)
        var best: (candidate: String, distance: Int)?
        for c in candidates where c != word {
            let cl = c.lowercased()
            if abs(cl.unicodeScalars.count - w.unicodeScalars.count) > limit { continue }
            let d = distance(w, cl)
            guard d <= limit else { continue }
            if let b = best, d > b.distance || (d == b.distance && c >= b.candidate) { continue }
            best = (c, d)
        }
        if let best { return best.candidate }
        guard w.count >= 2 else { return nil }
        return candidates.first { c in
            let cl = c.lowercased()
            return cl.first == w.first && isSubsequence(w, of: cl)
        }
    }

    static func isSubsequence(_ small: String, of big: String) -> Bool {
        var it = big.makeIterator()
        for ch in small {
            var found = false
            while let b = it.next() { if b == ch { found = true; break } }
            if !found { return false }
        }
        return true
    }

    /// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
    /// substitutions and swaps of two neighbours each cost 1, so `modle` is 1 from `model`.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = Array(repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                cur[j] = d
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}
