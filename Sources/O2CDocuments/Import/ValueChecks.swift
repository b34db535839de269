import O2CCore

/// A checked value, or why it is bad.
enum Checked<Value> {
    case success(Value)
    case failure(String)
}

/// Checks of single values shared by the imports, each returning the reason a value is bad.
enum ValueChecks {
    /// A whole number of units, 1 to `max`.
    static func quantity(_ text: String, max: Int64) -> Checked<Int64> {
        guard !text.isEmpty else { return .failure("empty; give a whole number of units, like 5") }
        guard let q = Int64(text) else {
            return .failure("'\(clip(text))' is not a positive whole number (write 5, not 5.0 or five)")
        }
        guard q > 0 else { return .failure("\(q) is not a positive whole number; leave out lines with nothing ordered") }
        guard q <= max else { return .failure("\(q) is more than the \(max) units one line may hold") }
        return .success(q)
    }

    /// An amount in minor units of a currency with `exponent` fraction digits.
    static func amount(_ text: String, exponent: Int, currency: String, allowZero: Bool) -> Checked<Int64> {
        guard !text.isEmpty else { return .failure("empty; give an amount like 1234.50") }
        if text.hasPrefix("-") { return .failure("'\(clip(text))' is negative; amounts are positive") }
        do {
            let minor = try Money.parseMinor(text, exponent: exponent)
            if minor == 0 && !allowZero { return .failure("the amount is zero") }
            return .success(minor)
        } catch {
            switch error {
            case .malformed: return .failure("'\(clip(text))' is not an amount; write it like 1234.50 (a dot for decimals, no thousands separators)")
            case .tooPrecise: return .failure("'\(clip(text))' has more than \(exponent) decimal places for \(currency)")
            case .outOfRange: return .failure("'\(clip(text))' is too large for the ledger")
            }
        }
    }

    /// A currency code set up in the ledger.
    static func currency(_ text: String, known: [String: Int]) -> Checked<String> {
        let code = text.uppercased()
        guard code.count == 3, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            return .failure("'\(clip(text))' is not a currency code; use ISO 4217, like USD or EUR")
        }
        guard known[code] != nil else {
            return .failure("currency \(code) is not set up in this ledger (it has \(known.keys.sorted().joined(separator: ", ")))")
        }
        return .success(code)
    }

    /// An ISO 8601 date.
    static func date(_ text: String) -> Checked<BusinessDate> {
        guard let d = BusinessDate(iso: text) else { return .failure("'\(clip(text))' is not a date; write it like 2026-11-25") }
        return .success(d)
    }

    /// Text of at most `max` characters.
    static func text(_ text: String, max: Int) -> Checked<String> {
        text.count <= max ? .success(text) : .failure("longer than \(max) characters")
    }

    /// A value quoted in a message, cut to 40 characters.
    static func clip(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }
}
