/// One CSV record: its fields and the line of the file it starts on (the header is line 1).
public struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted.
    public let fields: [String]
    /// The physical line the record starts on (a quoted field may span lines).
    public let line: Int
}

/// The sizes a CSV reader accepts, so a hostile file cannot exhaust memory.
public struct CSVLimits: Sendable {
    /// The longest record, in bytes (a 1 GB "line" is refused at this point, not read).
    public var recordBytesMax: Int
    /// The most fields in one record.
    public var fieldsMax: Int

    /// Limits (1 MiB per record, 256 fields by default).
    public init(recordBytesMax: Int = 1_048_576, fieldsMax: Int = 256) {
        self.recordBytesMax = recordBytesMax
        self.fieldsMax = fieldsMax
    }
}

/// A streaming RFC 4180 reader: quoted fields with embedded commas, line breaks and doubled
/// quotes, CRLF or LF line ends, a UTF-8 byte-order mark. It holds one record at a time.
/// Blank lines are skipped. Structural problems (an unterminated quote, text after a closing
/// quote, a quote inside an unquoted field, a record over the limit, bytes that are not UTF-8)
/// throw with the line, since nothing after them can be trusted.
public struct CSVReader<Source: ByteSource> {
    private var source: Source
    private let file: String
    private let limits: CSVLimits
    private var chunk: [UInt8] = []
    private var position = 0
    private var started = false
    private var finished = false
    /// The physical line the reader is on.
    private var line = 1

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// A reader over `source`; `file` names it in errors.
    public init(source: Source, file: String, limits: CSVLimits = CSVLimits()) {
        self.source = source
        self.file = file
        self.limits = limits
    }

    private mutating func fill() throws(DocumentError) -> Bool {
        while position >= chunk.count {
            if finished { return false }
            guard let next = try source.nextChunk() else {
                finished = true
                return false
            }
            chunk = next
            position = 0
            if !started {
                // The byte-order mark may come in more than one chunk.
                while chunk.count < 3, let more = try source.nextChunk() { chunk += more }
                started = true
                if chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { position = 3 }
            }
        }
        return true
    }

    private mutating func nextByte() throws(DocumentError) -> UInt8? {
        guard try fill() else { return nil }
        defer { position += 1 }
        return chunk[position]
    }

    private mutating func peekByte() throws(DocumentError) -> UInt8? {
        guard try fill() else { return nil }
        return chunk[position]
    }

    private func fail(_ line: Int, _ message: String) -> DocumentError {
        DocumentError(.malformedCSV, file: file, line: line, message)
    }

    /// The next record, or nil at the end of the file.
    public mutating func next() throws(DocumentError) -> CSVRecord? {
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var recordBytes = 0
        var startLine = line
        var quoteLine = line

        func finishField(_ field: inout [UInt8], into fields: inout [String], line: Int) throws(DocumentError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw fail(line, "field \(fields.count + 1) is not UTF-8 text; save the file as UTF-8 (CSV UTF-8)")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            if fields.count > limits.fieldsMax { throw fail(line, "more than \(limits.fieldsMax) fields in one record; is this the right file?") }
        }

        while true {
            guard let byte = try nextByte() else {
                switch state {
                case .quoted:
                    throw fail(quoteLine, "a quoted field starts here and never ends (the file may be truncated); close the quote")
                case .fieldStart where fields.isEmpty:
                    return nil
                default:
                    try finishField(&field, into: &fields, line: startLine)
                    return CSVRecord(fields: fields, line: startLine)
                }
            }
            recordBytes += 1
            if recordBytes > limits.recordBytesMax {
                throw fail(startLine, "a record longer than \(limits.recordBytesMax / 1024) KiB starts here; is this a CSV file with line breaks?")
            }
            var endOfRecord = false
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case UInt8(ascii: "\""):
                    guard state == .fieldStart else {
                        throw fail(line, "field \(fields.count + 1) has a quote inside an unquoted value; quote the whole field and double the quote (\"\"\")")
                    }
                    state = .quoted
                    quoteLine = line
                case UInt8(ascii: ","):
                    try finishField(&field, into: &fields, line: startLine)
                    state = .fieldStart
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    endOfRecord = true
                default:
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    field.append(byte)
                    if byte == UInt8(ascii: "\n") {
                        line += 1
                    } else if byte == UInt8(ascii: "\r") {
                        let following = try peekByte()
                        if following != UInt8(ascii: "\n") { line += 1 }
                    }
                }
            case .quoteInQuoted:
                switch byte {
                case UInt8(ascii: "\""):
                    field.append(byte)
                    state = .quoted
                case UInt8(ascii: ","):
                    try finishField(&field, into: &fields, line: startLine)
                    state = .fieldStart
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    endOfRecord = true
                default:
                    throw fail(line, "field \(fields.count + 1) has text after its closing quote; quote the whole field and double any quote inside it")
                }
            }
            guard endOfRecord else { continue }
            if byte == UInt8(ascii: "\r") {
                let following = try peekByte()
                if following == UInt8(ascii: "\n") { position += 1 }
            }
            line += 1
            if fields.isEmpty && field.isEmpty && state != .quoteInQuoted {
                // A blank line.
                state = .fieldStart
                recordBytes = 0
                startLine = line
                continue
            }
            try finishField(&field, into: &fields, line: startLine)
            return CSVRecord(fields: fields, line: startLine)
        }
    }
}
