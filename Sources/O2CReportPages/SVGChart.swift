import O2CEInvoice

/// Inline SVG charts for the report pages: bars (stacked or not) and lines, with axes, labels
/// and a legend; every text escaped. Values are minor units; geometry alone uses floating point.
struct SVGChart {
    /// One series of a chart: a name, a colour and one value per category.
    struct Series {
        let name: String
        let color: String
        let values: [Int64]
    }

    static let palette = ["#2e7d32", "#9e9d24", "#f9a825", "#ef6c00", "#d84315", "#b71c1c", "#1565c0", "#6a1b9a", "#00838f"]

    let width = 880.0
    let height = 320.0
    let left = 110.0, right = 50.0, top = 24.0, bottom = 60.0

    /// Vertical bars, one per category, stacked by series.
    func bars(categories: [String], series: [Series], format: (Int64) -> String, title: String) -> String {
        let totals = categories.indices.map { k in series.reduce(Int64(0)) { $0 + max($1.values[safe: k] ?? 0, 0) } }
        let maxValue = Self.niceCeiling(totals.max() ?? 0)
        let plotW = width - left - right, plotH = height - top - bottom
        let slot = plotW / Double(max(categories.count, 1))
        var svg = header(title) + axis(maxValue: maxValue, plotH: plotH, format: format)
        for (k, category) in categories.enumerated() {
            var y = top + plotH
            let x = left + Double(k) * slot + slot * 0.15
            for s in series {
                let v = max(s.values[safe: k] ?? 0, 0)
                let h = plotH * Double(v) / Double(maxValue)
                y -= h
                if v > 0 {
                    svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(slot * 0.7))\" height=\"\(f(h))\" fill=\"\(s.color)\">"
                        + "<title>\(esc(category)) \(esc(s.name)): \(esc(format(v)))</title></rect>"
                }
            }
            svg += "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(top + plotH + 16))\" font-size=\"11\" text-anchor=\"middle\">\(esc(category))</text>"
            if totals[k] > 0, categories.count <= 8 {
                svg += "<text x=\"\(f(x + slot * 0.35))\" y=\"\(f(y - 4))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">\(esc(short(totals[k], format)))</text>"
            }
        }
        return svg + legend(series.count > 1 ? series : []) + "</svg>"
    }

    /// A line per series over the categories (months).
    func lines(categories: [String], series: [Series], format: (Int64) -> String, title: String) -> String {
        let all = series.flatMap(\.values)
        let maxValue = Self.niceCeiling(all.max() ?? 0)
        let plotW = width - left - right, plotH = height - top - bottom
        let step = categories.count > 1 ? plotW / Double(categories.count - 1) : 0
        var svg = header(title) + axis(maxValue: maxValue, plotH: plotH, format: format)
        for (k, category) in categories.enumerated() {
            svg += "<text x=\"\(f(left + Double(k) * step))\" y=\"\(f(top + plotH + 16))\" font-size=\"11\" text-anchor=\"middle\">\(esc(category))</text>"
        }
        for s in series {
            let points = s.values.enumerated().map { k, v in
                "\(f(left + Double(k) * step)),\(f(top + plotH - plotH * Double(max(v, 0)) / Double(maxValue)))"
            }
            svg += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2.5\" points=\"\(points.joined(separator: " "))\"/>"
            for (k, p) in points.enumerated() {
                let xy = p.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3.5\" fill=\"\(s.color)\"><title>\(esc(categories[safe: k] ?? "")) \(esc(s.name)): \(esc(format(s.values[k])))</title></circle>"
            }
        }
        return svg + legend(series) + "</svg>"
    }

    private func header(_ title: String) -> String {
        "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(esc(title))\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
    }

    private func axis(maxValue: Int64, plotH: Double, format: (Int64) -> String) -> String {
        var svg = ""
        for k in 0...4 {
            let y = top + plotH - plotH * Double(k) / 4
            let v = maxValue * Int64(k) / 4
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(esc(short(v, format)))</text>"
        }
        return svg
    }

    private func legend(_ series: [Series]) -> String {
        var svg = ""
        var x = left
        for s in series {
            svg += "<rect x=\"\(f(x))\" y=\"\(f(height - 22))\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(f(x + 16))\" y=\"\(f(height - 12))\" font-size=\"12\">\(esc(s.name))</text>"
            x += 24 + Double(s.name.count) * 7.5
        }
        return svg
    }

    /// The amount without its decimals (axis labels and bar tops): `12,345.67 USD` → `12,345 USD`.
    private func short(_ v: Int64, _ format: (Int64) -> String) -> String {
        let text = format(v)
        guard let dot = text.firstIndex(of: ".") else { return text }
        let rest = text[text.index(after: dot)...]
        let digits = rest.prefix { $0.isNumber }
        return String(text[..<dot]) + rest.dropFirst(digits.count)
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at or above `v` (at least 1), so axis ticks are round.
    static func niceCeiling(_ v: Int64) -> Int64 {
        var step: Int64 = 1
        while true {
            for m: Int64 in [1, 2, 5] where step * m >= v { return step * m }
            guard step <= Int64.max / 100 else { return max(v, 1) }
            step *= 10
        }
    }

    private func f(_ d: Double) -> String { String(Double((d * 10).rounded()) / 10) }
    private func esc(_ s: String) -> String { XMLText.escape(s, attribute: true) }
}

extension Array {
    subscript(safe k: Int) -> Element? { indices.contains(k) ? self[k] : nil }
}
