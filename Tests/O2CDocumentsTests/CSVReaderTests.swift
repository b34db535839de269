import O2CDocuments
import Testing

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
    func records(_ text: String, limits: CSVLimits = CSVLimits()) throws -> [CSVRecord] {
        var reader = CSVReader(source: MemoryByteSource(text: text), file: "t.csv", limits: limits)
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    @Test func quotedFieldsKeepCommasLineBreaksAndDoubledQuotes() throws {
        let r = try records("a,b,c\n\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\nplain,,last\n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["x, y", "line1\nline2", "say \"hi\""], ["plain", "", "last"]])
        #expect(r.map(\.line) == [1, 2, 4])
    }

    @Test func crlfLineEndsAByteOrderMarkAndBlankLines() throws {
        let r = try records("\u{FEFF}h1,h2\r\n\r\nv1,v2\r\n\"q\r\nq\",z\r\n")
        #expect(r.map(\.fields) == [["h1", "h2"], ["v1", "v2"], ["q\r\nq", "z"]])
        #expect(r.map(\.line) == [1, 3, 4])
    }

    @Test func theLastRecordNeedsNoLineEnd() throws {
        #expect(try records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test func chunkBoundariesChangeNothing() throws {
        let text = "\u{FEFF}a,\"b\r\nc\",\"d\"\"\"\r\n1,2,3\r\n"
        var reader = CSVReader(source: ByteByByteSource(bytes: Array(text.utf8)), file: "t.csv")
        var out: [CSVRecord] = []
        while let r = try reader.next() { out.append(r) }
        #expect(out == (try records(text)))
    }

    @Test func anUnterminatedQuoteIsReportedWhereItStarts() throws {
        let e = #expect(throws: DocumentError.self) { try records("a,b\n1,2\n3,\"open\nmore\nstill\n") }
        #expect(e?.line == 3)
        #expect(e?.code == .malformedCSV)
    }

    @Test func textAfterAClosingQuoteAndAQuoteInsideAnUnquotedFieldAreErrors() throws {
        #expect(throws: DocumentError.self) { try records("a\n\"x\"y\n") }
        let e = #expect(throws: DocumentError.self) { try records("a,b\n1,x\"y\n") }
        #expect(e?.line == 2)
    }

    @Test func bytesThatAreNotUTF8AreRefused() throws {
        var reader = CSVReader(source: MemoryByteSource([0x61, 0x0A, 0xFF, 0xFE, 0x0A]), file: "t.csv")
        _ = try reader.next()
        let e = #expect(throws: DocumentError.self) { _ = try reader.next() }
        #expect(e?.message.contains("UTF-8") == true)
    }

    @Test func aOneGigabyteLineIsRefusedAtTheRecordLimitWithoutReadingIt() throws {
        let source = EndlessSource(head: "a,b\n", repeating: "xxxxxxxxxxxxxxxx")
        var reader = CSVReader(source: source, file: "huge.csv")
        _ = try reader.next()
        let e = #expect(throws: DocumentError.self) { _ = try reader.next() }
        #expect(e?.line == 2)
        #expect(source.bytesRead < 2 * 1_048_576 + 65_536 * 2)
    }

    @Test func tooManyFieldsAreRefused() throws {
        #expect(throws: DocumentError.self) { try records(String(repeating: "x,", count: 300) + "\n") }
    }
}
