#if canImport(Glibc)
import Glibc
#endif
import O2CCore
import Testing

@Suite("JSON writer and parser")
struct JSONTests {
    @Test func writerEscapesLikeTheCanonicalTextAlwaysDid() {
        var w = JSONWriter()
        w.string("a\"b\\c\nd\re\tf\u{08}g\u{1F}h é😀/")
        #expect(w.text == #""a\"b\\c\nd\re\tf\u0008g\u001fh é😀/""#)
    }

    @Test func compactSortedAndPrettyTextAreUnchanged() {
        let v: JSONValue = ["b": [1, "x", nil, true], "a": ["z": .number("12.50"), "y": [:]], "c": []]
        #expect(v.serialized() == #"{"b":[1,"x",null,true],"a":{"z":12.50,"y":{}},"c":[]}"#)
        #expect(v.canonical == #"{"a":{"y":{},"z":12.50},"b":[1,"x",null,true],"c":[]}"#)
        #expect(v.serialized(pretty: true) == "{\n  \"b\": [\n    1,\n    \"x\",\n    null,\n    true\n  ],\n  \"a\": {\n    \"z\": 12.50,\n    \"y\": {}\n  },\n  \"c\": []\n}")
        #expect(String(decoding: v.serializedBytes(), as: UTF8.self) == v.serialized())
    }

    @Test func parserReadsEscapesAndRejectsBrokenText() throws {
        let v = try JSONParser().parse(#"{"s":"plain","t":"tab\there \u00e9\ud83d\ude00 \/","n":-0.5e+3,"l":[true,false,null]}"#)
        #expect(v["s"] == "plain")
        #expect(v["t"]?.stringValue == "tab\there é😀 /")
        #expect(v["n"] == .number("-0.5e+3"))
        #expect(v["l"]?[2]?.isNull == true && v["l"]?[0]?.boolValue == true && v["l"]?[3] == nil)
        for bad in [#"{"a":1,"a":2}"#, "[tru]", "\"\u{01}\"", #""\ud800""#, "01", "[1,]", "\"open"] {
            #expect(throws: JSONParseError.self) { try JSONParser().parse(bad) }
        }
        let e = #expect(throws: JSONParseError.self) { try JSONParser().parse("{\n  \"a\": nope}") }
        #expect(e?.line == 2 && e?.column == 8)
    }

    @Test func numbersReadAsIntegersOnlyWhenTheyAreWhole() {
        #expect(JSONValue.number("42").intValue == 42)
        #expect(JSONValue.number("3.0").intValue == 3)
        #expect(JSONValue.number("3.5").intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
    }
}

@Suite("One of each: suggester, durations, lock box, child process")
struct CoreHelperTests {
    @Test func swappedLettersCountAsOneEdit() {
        #expect(Suggest.distance("modle", "model") == 1)
        #expect(Suggest.distance("credit_chek", "credit_check") == 1)
        #expect(Suggest.distance("abc", "abc") == 0)
        #expect(Suggest.distance("", "abc") == 3)
        #expect(Suggest.closest(to: "modle", in: ["name", "role", "goal", "model", "tools"]) == "model")
        #expect(Suggest.closest(to: "credit_chek", in: ["customer_lookup", "credit_check", "inventory_lookup"]) == "credit_check")
        #expect(Suggest.closest(to: "qty", in: ["sku", "quantity"]) == "quantity")
        #expect(Suggest.closest(to: "zzzzzz", in: ["sku", "quantity"]) == nil)
    }

    @Test func durationsConvertToSecondsAndMilliseconds() {
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
        #expect(Duration.microseconds(2500).inMilliseconds == 2.5)
        #expect(Duration.since(.now) >= .zero)
    }

    @Test func theLockBoxSerialisesChanges() async {
        let box = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { box.withLock { $0 += 1 } } }
        }
        #expect(box.withLock { $0 } == 100)
    }

    @Test func aChildProcessRunsWithItsInputOutputAndExitCode() throws {
        let out = try ChildProcess.run("/bin/sh", arguments: ["-c", "cat; echo oops >&2; exit 3"], input: Array("hello".utf8))
        #expect(String(decoding: out.stdout, as: UTF8.self) == "hello")
        #expect(String(decoding: out.stderr, as: UTF8.self) == "oops\n")
        #expect(out.status == 3)
        let env = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo $ONLY"], environment: ["ONLY": "this"])
        #expect(String(decoding: env.stdout, as: UTF8.self) == "this\n")
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess.spawn("/nonexistent/program", arguments: []) }
    }

    @Test func aKilledChildReportsTheSignal() throws {
        let child = try ChildProcess.spawn("/bin/sleep", arguments: ["30"])
        child.signal(SIGKILL)
        #expect(child.wait() == 128 + SIGKILL)
    }
}
