#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import O2CCore
import O2CLLM

/// One entry of a run's trace (`runs show` prints them as `steps`): the input scan, each model
/// request and response, each tool call with the gate's outcome, or a failed model call.
/// Each encodes to the JSON object the trace has always stored, `kind` first.
public enum TraceEvent: Sendable, JSONWritable {
    /// The injection scan of the input: `{kind: "input_scan", blocked, findings}`.
    case inputScan(blocked: Bool, findings: [String])
    /// A model call: `{kind: "model", step, ms, attempts, request, response, usage}`; `request` is
    /// the body sent (UTF-8, stored as a string), `response` the body received (kept as JSON when
    /// it is JSON; `responseIsJSON` says the client already checked that, so it is not parsed again).
    /// With `fragments` (the system prompt and tool list every request of the agent repeats) the
    /// request is stored as `request_parts`: its text around them and `{"fragment": DIGEST}` for
    /// each, the fragments once in the ledger; reading the run gives `request` back, byte for byte.
    case model(step: Int, ms: Int, attempts: Int, request: [UInt8], fragments: [RequestFragment], response: [UInt8], responseIsJSON: Bool,
               usage: ModelTokens)
    /// A failed model call: `{kind: "model_error", step, error, attempts}`.
    case modelError(step: Int, error: String, attempts: Int)
    /// A tool call: `{kind: "tool", step, tool, arguments, outcome, result, ms}`.
    case tool(step: Int, tool: String, arguments: JSONValue, outcome: String, result: JSONValue, ms: Int)

    /// Tokens of one model call.
    public struct ModelTokens: Sendable, Equatable {
        /// Tokens sent.
        public let input: Int
        /// Tokens produced.
        public let output: Int

        /// Token counts.
        public init(input: Int, output: Int) {
            self.input = input
            self.output = output
        }
    }

    /// A rough size of the event's JSON, to size the trace buffer once.
    var sizeHint: Int {
        if case .model(_, _, _, let request, let fragments, let response, _, _) = self {
            return (request.count - fragments.reduce(0) { $0 + $1.bytes.count }) * 5 / 4 + response.count + fragments.count * 96 + 256
        }
        return 512
    }

    /// Appends the event's JSON object.
    public func write(to w: inout JSONWriter) {
        switch self {
        case .inputScan(let blocked, let findings):
            w.literal(#"{"kind":"input_scan","blocked":"#)
            if blocked { w.literal("true") } else { w.literal("false") }
            w.key("findings")
            w.value(.array(findings.map { .string($0) }))
        case .model(let step, let ms, let attempts, let request, let fragments, let response, let responseIsJSON, let usage):
            w.literal(#"{"kind":"model","step":"#)
            w.int(step)
            w.key("ms")
            w.int(ms)
            w.key("attempts")
            w.int(attempts)
            if fragments.isEmpty {
                w.key("request")
                request.withUnsafeBufferPointer { w.string(utf8: $0) }
            } else {
                w.key("request_parts")
                Self.writeParts(request, fragments, to: &w)
            }
            w.key("response")
            if responseIsJSON {
                w.raw(response)
            } else if let parsed = try? JSONParser().parse(bytes: response) {
                w.value(parsed)
            } else {
                response.withUnsafeBufferPointer { w.string(utf8: $0) }
            }
            w.literal(#","usage":{"input_tokens":"#)
            w.int(usage.input)
            w.literal(#","output_tokens":"#)
            w.int(usage.output)
            w.byte(UInt8(ascii: "}"))
        case .modelError(let step, let error, let attempts):
            w.literal(#"{"kind":"model_error","step":"#)
            w.int(step)
            w.key("error")
            w.string(error)
            w.key("attempts")
            w.int(attempts)
        case .tool(let step, let tool, let arguments, let outcome, let result, let ms):
            w.literal(#"{"kind":"tool","step":"#)
            w.int(step)
            w.key("tool")
            w.string(tool)
            w.key("arguments")
            w.value(arguments)
            w.key("outcome")
            w.string(outcome)
            w.key("result")
            w.value(result)
            w.key("ms")
            w.int(ms)
        }
        w.byte(UInt8(ascii: "}"))
    }

    /// `request` as `[TEXT, {"fragment": DIGEST}, TEXT, …]`: the text between the fragments (empty
    /// texts left out), each fragment by digest. Fragments that do not lie in order within the
    /// request (which the clients never make) leave it as one text.
    static func writeParts(_ request: [UInt8], _ fragments: [RequestFragment], to w: inout JSONWriter) {
        var cursor = 0
        for f in fragments {
            guard f.offset >= cursor, f.offset + f.bytes.count <= request.count, request.withUnsafeBytes({ all in
                f.bytes.withUnsafeBytes { part in
                    guard let at = all.baseAddress, let from = part.baseAddress else { return part.isEmpty }
                    return memcmp(at + f.offset, from, part.count) == 0
                }
            }) else {
                w.byte(UInt8(ascii: "["))
                request.withUnsafeBufferPointer { w.string(utf8: $0) }
                w.byte(UInt8(ascii: "]"))
                return
            }
            cursor = f.offset + f.bytes.count
        }
        w.byte(UInt8(ascii: "["))
        cursor = 0
        var first = true
        request.withUnsafeBufferPointer { all in
            func text(_ range: Range<Int>) {
                guard !range.isEmpty else { return }
                if !first { w.byte(UInt8(ascii: ",")) }
                first = false
                w.string(utf8: UnsafeBufferPointer(rebasing: all[range]))
            }
            for f in fragments {
                text(cursor..<f.offset)
                if !first { w.byte(UInt8(ascii: ",")) }
                first = false
                w.literal(#"{"fragment":"#)
                w.string(f.digest)
                w.byte(UInt8(ascii: "}"))
                cursor = f.offset + f.bytes.count
            }
            text(cursor..<all.count)
        }
        w.byte(UInt8(ascii: "]"))
    }
}
