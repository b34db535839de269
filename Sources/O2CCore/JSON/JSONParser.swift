/// A strict JSON parser (RFC 8259) that keeps numbers as text and bounds depth and size.
public struct JSONParser: Sendable {
    /// The deepest nesting accepted.
    public var depthMax = 64
    /// The largest document accepted, in bytes.
    public var bytesMax = 16 * 1024 * 1024

    /// A parser with the default limits.
    public init() {}

    /// Parses a whole document from text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        return try result.get()
    }

    /// Parses a whole document from UTF-8 bytes.
    public func parse(bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer: buffer) }
        }
        return try result.get()
    }

    /// Parses a whole document from UTF-8 bytes in memory.
    public func parse(buffer bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        if bytes.count > bytesMax {
            throw JSONParseError(message: "document is \(bytes.count) bytes; the limit is \(bytesMax)", line: 1, column: 1)
        }
        var state = State(bytes: bytes, depthMax: depthMax)
        state.skipSpace()
        let value = try state.value(depth: 0)
        state.skipSpace()
        if state.i < bytes.count { throw state.error("unexpected text after the JSON document") }
        return value
    }

    private struct State {
        let bytes: UnsafeBufferPointer<UInt8>
        let depthMax: Int
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>, depthMax: Int) {
            self.bytes = bytes
            self.depthMax = depthMax
        }

        func error(_ message: String) -> JSONParseError {
            var line = 1
            var column = 1
            var k = 0
            while k < i && k < bytes.count {
                if bytes[k] == 0x0A { line += 1; column = 1 } else { column += 1 }
                k += 1
            }
            return JSONParseError(message: message, line: line, column: column)
        }

        mutating func skipSpace() {
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
            }
        }

        mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth < depthMax else { throw error("nesting deeper than \(depthMax) levels") }
            guard i < bytes.count else { throw error("unexpected end of input, expected a value") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[i])))', expected a value")
            }
        }

        mutating func literal(_ word: StaticString) throws(JSONParseError) {
            let n = word.utf8CodeUnitCount
            var same = i + n <= bytes.count
            var k = 0
            while same && k < n {
                same = bytes[i + k] == word.utf8Start[k]
                k += 1
            }
            guard same else { throw error("invalid literal, expected '\(word)'") }
            i += n
        }

        mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
            i += 1
            var obj = JSONObject()
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(obj) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
                i += 1
                skipSpace()
                let v = try value(depth: depth + 1)
                if obj[key] != nil { throw error("duplicate member \"\(key)\"") }
                obj[key] = v
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of input inside an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(obj) }
                throw error("expected ',' or '}' in an object")
            }
        }

        mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of input inside an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func number() throws(JSONParseError) -> String {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number") }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number: digits expected after '.'") }
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
                i += 1
                if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number exponent") }
                while i < bytes.count && isDigit(bytes[i]) { i += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }

        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

        mutating func string() throws(JSONParseError) -> String {
            i += 1
            let start = i
            // Fast path: no escape, so the text is the bytes between the quotes.
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self) else {
                        throw error("string is not valid UTF-8")
                    }
                    return s
                }
                if c == UInt8(ascii: "\\") || c < 0x20 { break }
                i += 1
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while true {
                guard i < bytes.count else { throw error("unterminated string") }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                if c < 0x20 { throw error("control character in a string; escape it") }
                if c != UInt8(ascii: "\\") {
                    out.append(c)
                    i += 1
                    continue
                }
                i += 1
                guard i < bytes.count else { throw error("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: String(Character(u)).utf8)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            return s
        }

        mutating func hex4() throws(JSONParseError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw error("short \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw error("invalid hex digit in \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}

/// A JSON syntax error with the line and column where it was found.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column of the problem.
    public let column: Int

    public var description: String { "\(line):\(column): \(message)" }
}
