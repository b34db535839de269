/// Turns expression source into tokens; rejects oversized input before scanning.
struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line: Int32 = 1
    private var column: Int32 = 1

    init(_ source: String) {
        self.bytes = Array(source.utf8)
    }

    /// Tokenizes the whole source, ending with `.end`.
    static func tokenize(_ source: String) throws(ExpressionError) -> [Token] {
        let length = source.utf8.count
        guard length <= ExpressionLimits.maxSourceLength else {
            throw ExpressionError(
                .sourceTooLong,
                "expression is \(length) bytes long; the maximum is \(ExpressionLimits.maxSourceLength)",
                at: SourcePosition(line: 1, column: 1),
                suggestion: "split the rule into several smaller rules")
        }
        var lexer = Lexer(source)
        var tokens: [Token] = []
        tokens.reserveCapacity(length / 3 + 2)
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    private mutating func advance() {
        guard index < bytes.count else { return }
        let b = bytes[index]
        index += 1
        if b == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            // Count only lead bytes of UTF-8 sequences so columns are in characters (scalars).
            column += 1
        }
    }

    private static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func skipTrivia() {
        while let b = peek() {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                advance()
            } else if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let c = peek(), c != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    private mutating func next() throws(ExpressionError) -> Token {
        skipTrivia()
        let start = position
        guard let b = peek() else { return Token(kind: .end, position: start) }
        if Lexer.isIdentStart(b) { return identifier(start) }
        if Lexer.isDigit(b) { return try number(start) }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return try string(quote: b, start) }
        advance()
        let kind: Token.Kind
        switch b {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "%"): kind = .percent
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") { advance(); kind = .notEqual } else { kind = .bang }
        case UInt8(ascii: "="):
            guard peek() == UInt8(ascii: "=") else {
                throw ExpressionError(.unexpectedCharacter, "unexpected '='", at: start, suggestion: "use '==' to compare")
            }
            advance()
            kind = .equal
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") { advance(); kind = .lessEqual } else { kind = .less }
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") { advance(); kind = .greaterEqual } else { kind = .greater }
        case UInt8(ascii: "&"):
            guard peek() == UInt8(ascii: "&") else {
                throw ExpressionError(.unexpectedCharacter, "unexpected '&'", at: start, suggestion: "use '&&' for logical and")
            }
            advance()
            kind = .and
        case UInt8(ascii: "|"):
            guard peek() == UInt8(ascii: "|") else {
                throw ExpressionError(.unexpectedCharacter, "unexpected '|'", at: start, suggestion: "use '||' for logical or")
            }
            advance()
            kind = .or
        default:
            throw ExpressionError(
                .unexpectedCharacter, "unexpected character \(Lexer.describe(byte: b))", at: start,
                suggestion: b == UInt8(ascii: "{") ? "map literals are not supported" : "remove it")
        }
        return Token(kind: kind, position: start)
    }

    private static func describe(byte b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b >= 0x80 { return "(non-ASCII)" }
        return "(byte 0x\(String(b, radix: 16)))"
    }

    private mutating func identifier(_ start: SourcePosition) -> Token {
        let begin = index
        while let b = peek(), Lexer.isIdentStart(b) || Lexer.isDigit(b) { advance() }
        let text = String(decoding: bytes[begin..<index], as: UTF8.self)
        switch text {
        case "true": return Token(kind: .trueKeyword, position: start)
        case "false": return Token(kind: .falseKeyword, position: start)
        case "null": return Token(kind: .nullKeyword, position: start)
        case "in": return Token(kind: .inKeyword, position: start)
        default: return Token(kind: .identifier(text), position: start)
        }
    }

    private mutating func number(_ start: SourcePosition) throws(ExpressionError) -> Token {
        let begin = index
        while let b = peek(), Lexer.isDigit(b) { advance() }
        if peek() == UInt8(ascii: "."), let d = peek(1), Lexer.isDigit(d) {
            advance()
            while let b = peek(), Lexer.isDigit(b) { advance() }
        }
        let text = bytes[begin..<index]
        if let b = peek(), Lexer.isIdentStart(b) {
            throw ExpressionError(
                .invalidNumber, "invalid number literal", at: start,
                suggestion: "write plain decimals like 1000 or 0.05 (no exponents, hex or suffixes)")
        }
        guard let value = ExprDecimal.parseUnsigned(text) else {
            throw ExpressionError(
                .invalidNumber, "number literal '\(String(decoding: text, as: UTF8.self))' is out of range or has more than \(ExprDecimal.scale) decimals",
                at: start, suggestion: "numbers must be within ±\(ExprDecimal.maxInteger) with at most \(ExprDecimal.scale) decimals")
        }
        return Token(kind: .number(value), position: start)
    }

    private mutating func hexValue(digits: Int, escapeStart: SourcePosition) throws(ExpressionError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let b = peek() else { break }
            let v: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt32(b - UInt8(ascii: "A") + 10)
            default:
                throw ExpressionError(
                    .invalidEscape, "invalid escape sequence: expected \(digits) hex digits", at: escapeStart,
                    suggestion: "use \\xHH, \\uHHHH or \\UHHHHHHHH")
            }
            value = value << 4 | v
            advance()
        }
        return value
    }

    private mutating func string(quote: UInt8, _ start: SourcePosition) throws(ExpressionError) -> Token {
        advance()  // opening quote
        var out: [UInt8] = []
        let quoteChar = quote == UInt8(ascii: "\"") ? "\"" : "'"
        func unterminated() -> ExpressionError {
            ExpressionError(
                .unterminatedString, "unterminated string literal", at: start,
                suggestion: "add the closing \(quoteChar) on the same line")
        }
        while true {
            guard let b = peek(), b != UInt8(ascii: "\n"), b != UInt8(ascii: "\r") else { throw unterminated() }
            if b == quote {
                advance()
                break
            }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                advance()
                continue
            }
            let escapeStart = position
            advance()
            guard let e = peek() else { throw unterminated() }
            advance()
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0"): out.append(0x00)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "?"):
                out.append(e)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = e == UInt8(ascii: "x") ? 2 : (e == UInt8(ascii: "u") ? 4 : 8)
                let value = try hexValue(digits: digits, escapeStart: escapeStart)
                guard let scalar = Unicode.Scalar(value) else {
                    throw ExpressionError(
                        .invalidEscape, "escape sequence is not a valid Unicode scalar", at: escapeStart,
                        suggestion: "surrogates and values above 10FFFF are not allowed")
                }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw ExpressionError(
                    .invalidEscape, "invalid escape sequence '\\\(Character(Unicode.Scalar(e)))'", at: escapeStart,
                    suggestion: "valid escapes: \\n \\r \\t \\\\ \\\" \\' \\xHH \\uHHHH")
            }
        }
        guard out.count <= ExpressionLimits.maxStringLength else {
            throw ExpressionError(.stringTooLong, "string literal is too long", at: start)
        }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), position: start)
    }
}
