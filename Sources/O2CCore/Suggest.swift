/// "Did you mean …?" suggestions by edit distance.
public enum Suggest {
    /// The candidate closest to `word`, when it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = distance(word.lowercased(), c.lowercased())
            if d <= max(2, word.count / 3), d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        if let best { return best.0 }
        // Abbreviations: "qty" for "quantity", "cust" for "customer_id".
        let w = word.lowercased()
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

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
