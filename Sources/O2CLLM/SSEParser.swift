/// One Server-Sent Event: optional `event:` name and the joined `data:` lines.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, if any.
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String

    /// Creates an event.
    public init(event: String?, data: String) {
        self.event = event
        self.data = data
    }
}

/// Incremental Server-Sent Events parser; feed it body chunks as they arrive.
public struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var scanFrom = 0
    private var eventName: String?
    private var dataLines: [String] = []

    /// Creates an empty parser.
    public init() {}

    /// Consumes a chunk and returns every event completed by it.
    public mutating func feed(_ chunk: [UInt8]) -> [SSEEvent] {
        buffer.append(contentsOf: chunk)
        var events: [SSEEvent] = []
        var lineStart = 0
        var i = scanFrom
        while i < buffer.count {
            if buffer[i] == 0x0A {
                var end = i
                if end > lineStart, buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[lineStart..<end], as: UTF8.self)
                if let event = process(line: line) { events.append(event) }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart > 0 { buffer.removeFirst(lineStart) }
        scanFrom = buffer.count
        return events
    }

    /// Flushes a final event that was not followed by a blank line.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !buffer.isEmpty {
            let line = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll()
            scanFrom = 0
            if let event = process(line: line) { events.append(event) }
        }
        if let event = process(line: "") { events.append(event) }
        return events
    }

    private mutating func process(line: String) -> SSEEvent? {
        if line.isEmpty {
            defer {
                eventName = nil
                dataLines.removeAll()
            }
            guard !dataLines.isEmpty else { return nil }
            return SSEEvent(event: eventName, data: dataLines.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "event": eventName = String(value)
        case "data": dataLines.append(String(value))
        default: break
        }
        return nil
    }
}
