/// Edit distance used for "did you mean ...?" suggestions.
enum Levenshtein {
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// Closest candidate within a distance proportional to the word length, or nil.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.unicodeScalars.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() where candidate != word {
            // Cheap length filter before the quadratic distance.
            if abs(candidate.unicodeScalars.count - word.unicodeScalars.count) > limit { continue }
            let d = distance(word, candidate)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }
}
