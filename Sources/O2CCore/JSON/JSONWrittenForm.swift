/// Whether a JSON text is already in the form `JSONWriter` writes (compact, the writer's escapes),
/// so that parsing it with `JSONParser` and writing the value back gives the same bytes: a stored
/// document (an event's payload) can then be copied into an answer as it is.
///
/// It answers true only when it is sure: valid JSON with no white space, every escape one the
/// writer makes (`\"`, `\\`, `\n`, `\r`, `\t`, `\u00xx` in lower case for the other control
/// characters), member names in ASCII without escapes and none twice in an object, nesting within
/// the parser's limit. Anything else (a document written by another tool, a name a Unicode
/// normalisation could make equal to another) answers false, and the caller parses.
public enum JSONWrittenForm {
    /// True when `writer.value(JSONParser().parse(text))` would append exactly `text`'s bytes.
    public static func holds(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= JSONParser().bytesMax else { return false }
            var scan = Scan(bytes: bytes, depthMax: JSONParser().depthMax)
            return scan.value(depth: 0) && scan.i == bytes.count
        }
    }

    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        let depthMax: Int
        var i = 0

        var current: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func value(depth: Int) -> Bool {
            guard depth < depthMax, let c = current else { return false }
            switch c {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string(name: false)
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func object(depth: Int) -> Bool {
            i += 1
            if current == UInt8(ascii: "}") { i += 1; return true }
            var names: [Range<Int>] = []
            while true {
                guard current == UInt8(ascii: "\"") else { return false }
                let start = i + 1
                guard string(name: true) else { return false }
                let name = start..<(i - 1)
                // The parser refuses a name given twice; compared as bytes, ASCII names only.
                for earlier in names where earlier.count == name.count {
                    if memcmpEqual(earlier, name) { return false }
                }
                names.append(name)
                guard current == UInt8(ascii: ":") else { return false }
                i += 1
                guard value(depth: depth + 1) else { return false }
                switch current {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "}"): i += 1; return true
                default: return false
                }
            }
        }

        func memcmpEqual(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            var k = 0
            while k < a.count {
                if bytes[a.lowerBound + k] != bytes[b.lowerBound + k] { return false }
                k += 1
            }
            return true
        }

        mutating func array(depth: Int) -> Bool {
            i += 1
            if current == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard value(depth: depth + 1) else { return false }
                switch current {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "]"): i += 1; return true
                default: return false
                }
            }
        }

        /// A string whose escapes are the writer's; a member name must be plain ASCII.
        mutating func string(name: Bool) -> Bool {
            i += 1
            while let c = current {
                i += 1
                switch c {
                case UInt8(ascii: "\""): return true
                case 0..<0x20: return false
                case UInt8(ascii: "\\"):
                    guard !name, let e = current else { return false }
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): continue
                    case UInt8(ascii: "u"):
                        // `\u00xx` for a control character other than newline, return and tab.
                        guard i + 4 <= bytes.count, bytes[i] == 0x30, bytes[i + 1] == 0x30 else { return false }
                        guard let high = Self.hex(bytes[i + 2]), high <= 1, let low = Self.hex(bytes[i + 3]) else { return false }
                        let scalar = high << 4 | low
                        if scalar == 0x0A || scalar == 0x0D || scalar == 0x09 { return false }
                        i += 4
                    default: return false
                    }
                case 0x80...:
                    // Valid UTF-8 (a Swift String's bytes); only a name must stay ASCII.
                    if name { return false }
                default: continue
                }
            }
            return false
        }

        /// A lower-case hex digit's value.
        static func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }

        /// The parser's number grammar (the text is kept as it is either way).
        mutating func number() -> Bool {
            if current == UInt8(ascii: "-") { i += 1 }
            guard let first = current, Self.isDigit(first) else { return false }
            if first == UInt8(ascii: "0") { i += 1 } else { digits() }
            if current == UInt8(ascii: ".") {
                i += 1
                guard let c = current, Self.isDigit(c) else { return false }
                digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                i += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
                guard let c = current, Self.isDigit(c) else { return false }
                digits()
            }
            return true
        }

        mutating func digits() {
            while let c = current, Self.isDigit(c) { i += 1 }
        }

        static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    }
}
