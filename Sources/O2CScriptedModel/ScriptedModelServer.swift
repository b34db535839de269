import Foundation
import O2CCore
import O2CLLM

/// A real HTTP/1.1 server on 127.0.0.1 that plays a script of model turns in the OpenAI Chat
/// Completions format (`POST …/chat/completions`) and the Anthropic Messages format
/// (`POST …/messages`), with optional faults, SSE streaming and keep-alive.
///
/// Every request is recorded (method, path, headers, body) so tests can assert what was sent.
/// One thread per connection; call `stop()` when done.
public final class ScriptedModelServer: Sendable {
    /// How the script turn answering a request is chosen.
    public enum TurnSelection: Sendable, Equatable {
        /// Turns are served in order across all requests to this server.
        case sequential
        /// The turn index is the number of assistant messages in the request's conversation, so
        /// many concurrent conversations can share one server. Faults are tracked per conversation.
        case byConversation
    }

    private struct State {
        var listenFD: Int32 = -1
        var port = 0
        var started = false
        var stopped = false
        var turn = 0
        var faultIndex = 0
        /// Faults consumed per conversation, keyed by a hash of the turn and the messages (a
        /// conversation the client gave up on keeps only this small entry).
        var conversationFaults: [Int: Int] = [:]
        var requests: [RecordedRequest] = []
        var requestCount = 0
        var sequence = 0
        var connections: Set<Int32> = []
    }

    /// The script being played.
    public let script: [ScriptedTurn]
    /// How turns are selected.
    public let turnSelection: TurnSelection
    /// Whether requests are kept in `requests` (disable for long benchmarks).
    public let recordRequests: Bool
    private let state = Locked(State())

    /// Creates a server (not yet listening).
    public init(script: [ScriptedTurn], turnSelection: TurnSelection = .sequential, recordRequests: Bool = true) {
        self.script = script
        self.turnSelection = turnSelection
        self.recordRequests = recordRequests
    }

    /// The bound port (0 before `start()`).
    public var port: Int { state.withLock { $0.port } }

    /// `http://127.0.0.1:PORT`, suitable as the Anthropic base URL.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `http://127.0.0.1:PORT/v1`, suitable as the OpenAI base URL.
    public var openAIBaseURL: String { baseURL + "/v1" }

    /// Every request received so far, in arrival order (empty when `recordRequests` is false).
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Number of requests received so far.
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// Binds a random free loopback port and starts accepting connections.
    public func start() throws {
        let alreadyStarted = state.withLock { s -> Bool in
            defer { s.started = true }
            return s.started
        }
        guard !alreadyStarted else { return }
        let (fd, port) = try ServerSocket.listenLoopback(backlog: 4096)
        state.withLock {
            $0.listenFD = fd
            $0.port = port
        }
        let thread = Thread { [self] in self.acceptLoop(fd) }
        thread.name = "scripted-model-accept"
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Stops accepting, wakes every connection and hanging fault; idempotent.
    public func stop() {
        state.withLock { s in
            guard !s.stopped else { return }
            s.stopped = true
            if s.listenFD >= 0 { ServerSocket.shutdownBoth(s.listenFD) }
            for fd in s.connections { ServerSocket.shutdownBoth(fd) }
        }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    // MARK: Accept / connection threads

    private func acceptLoop(_ listener: Int32) {
        while let fd = ServerSocket.accept(listener) {
            let accepted = state.withLock { s -> Bool in
                if s.stopped { return false }
                s.connections.insert(fd)
                return true
            }
            guard accepted else {
                ServerSocket.closeFD(fd)
                break
            }
            let thread = Thread { [self] in self.serve(fd) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        ServerSocket.closeFD(listener)
    }

    private static let headerTerminator: [UInt8] = [13, 10, 13, 10]

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = max(0, start)
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { _ = $0.connections.remove(fd) }
            ServerSocket.closeFD(fd)
        }
        var buffer: [UInt8] = []
        while !isStopped {
            var searchFrom = 0
            var headEnd = Self.find(Self.headerTerminator, in: buffer, from: 0)
            while headEnd == nil {
                if buffer.count > 1 << 20 { return }
                searchFrom = max(0, buffer.count - 3)
                guard ServerSocket.readSome(fd, into: &buffer) else { return }
                headEnd = Self.find(Self.headerTerminator, in: buffer, from: searchFrom)
            }
            guard let end = headEnd else { return }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.isEmpty ? "" : lines.removeFirst()
            let parts = requestLine.split(separator: " ")
            guard parts.count >= 3 else { return }
            let method = String(parts[0])
            let path = String(parts[1])
            let version = String(parts[2])
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                _ = write(.full(status: 411, headers: [], body: Array("chunked request bodies are not supported".utf8)), to: fd, keepAlive: false)
                return
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            guard length >= 0, length < 64 << 20 else { return }
            let bodyStart = end + 4
            while buffer.count < bodyStart + length {
                guard ServerSocket.readSome(fd, into: &buffer) else { return }
            }
            let body = Array(buffer[bodyStart..<bodyStart + length])
            buffer.removeFirst(bodyStart + length)
            let connectionHeader = headers["connection"]?.lowercased() ?? ""
            let keepAlive = version == "HTTP/1.1" ? !connectionHeader.contains("close") : connectionHeader.contains("keep-alive")

            let reply = handle(method: method, path: path, headers: headers, body: body)
            if case let .hang(seconds) = reply {
                sleepUnlessStopped(seconds)
                return
            }
            guard write(reply, to: fd, keepAlive: keepAlive), keepAlive else { return }
        }
    }

    private func sleepUnlessStopped(_ seconds: Double) {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !isStopped {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return }
            usleep(UInt32(min(50_000, left.inMilliseconds * 1000)))
        }
    }

    private func write(_ reply: ScriptedReply, to fd: Int32, keepAlive: Bool) -> Bool {
        switch reply {
        case .hang:
            return false
        case let .truncated(whole):
            _ = write(whole, to: fd, keepAlive: keepAlive, cut: true)
            return false
        default:
            return write(reply, to: fd, keepAlive: keepAlive, cut: false)
        }
    }

    /// Writes a `full` or `sse` reply; `cut` sends only its first half (the body's bytes or the
    /// events), without the end of a stream.
    private func write(_ reply: ScriptedReply, to fd: Int32, keepAlive: Bool, cut: Bool) -> Bool {
        switch reply {
        case .hang, .truncated:
            return false
        case let .full(status, headers, body):
            var head = "HTTP/1.1 \(status) \(ScriptedResponder.reasonPhrase(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\n"
            head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
            return ServerSocket.writeAll(fd, Array(head.utf8) + (cut ? Array(body.prefix(body.count / 2)) : body))
        case let .sse(events):
            var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n"
            head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
            guard ServerSocket.writeAll(fd, Array(head.utf8)) else { return false }
            for event in cut ? Array(events.prefix(events.count / 2)) : events {
                let bytes = Array(event.utf8)
                let frame = Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10]
                guard ServerSocket.writeAll(fd, frame) else { return false }
            }
            return cut ? false : ServerSocket.writeAll(fd, Array("0\r\n\r\n".utf8))
        }
    }

    // MARK: Script logic

    private enum Selection {
        case exhausted(Int)
        case serve(turn: ScriptedTurn, index: Int, fault: ScriptedFault?, sequence: Int)
    }

    private static func isFailing(_ fault: ScriptedFault?) -> Bool {
        switch fault {
        case .status, .hang, .malformedBody, .truncated: return true
        case .latency, .none: return false
        }
    }

    private func select(request: JSONValue) -> Selection {
        let assistantCount = request["messages"]?.arrayValue?.filter { $0["role"]?.stringValue == "assistant" }.count ?? 0
        let conversationKey: Int? = {
            guard turnSelection == .byConversation, assistantCount < script.count, !script[assistantCount].faults.isEmpty else { return nil }
            var hasher = Hasher()
            hasher.combine(assistantCount)
            hasher.combine(request["messages"]?.serialized() ?? "")
            return hasher.finalize()
        }()
        return state.withLock { s -> Selection in
            s.sequence += 1
            let index: Int
            let faultIndex: Int
            switch turnSelection {
            case .sequential:
                index = s.turn
                faultIndex = s.faultIndex
            case .byConversation:
                index = assistantCount
                faultIndex = conversationKey.map { s.conversationFaults[$0] ?? 0 } ?? 0
            }
            guard index < script.count else { return .exhausted(index) }
            let turn = script[index]
            let fault = faultIndex < turn.faults.count ? turn.faults[faultIndex] : nil
            let failing = Self.isFailing(fault)
            switch turnSelection {
            case .sequential:
                if failing {
                    s.faultIndex += 1
                } else {
                    s.turn += 1
                    s.faultIndex = 0
                }
            case .byConversation:
                if let key = conversationKey {
                    if failing { s.conversationFaults[key] = faultIndex + 1 } else { s.conversationFaults.removeValue(forKey: key) }
                }
            }
            return .serve(turn: turn, index: index, fault: fault, sequence: s.sequence)
        }
    }

    private func handle(method: String, path: String, headers: [String: String], body: [UInt8]) -> ScriptedReply {
        state.withLock { s in
            s.requestCount += 1
            if recordRequests {
                s.requests.append(RecordedRequest(method: method, path: path, headers: headers, body: String(decoding: body, as: UTF8.self)))
            }
        }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let format: ScriptedWireFormat
        if route.hasSuffix("/chat/completions") {
            format = .openAI
        } else if route.hasSuffix("/messages") {
            format = .anthropic
        } else {
            return ScriptedResponder.error(format: .openAI, status: 404, message: "no route for \(route)")
        }
        guard method == "POST" else { return ScriptedResponder.error(format: format, status: 404, message: "use POST") }
        guard let json = try? JSONParser().parse(bytes: body), json.objectValue != nil else {
            return ScriptedResponder.error(format: format, status: 400, message: "request body is not a JSON object")
        }
        let stream = json["stream"]?.boolValue ?? false
        let includeUsage = json["stream_options"]?["include_usage"]?.boolValue ?? false
        let model = json["model"]?.stringValue ?? "scripted-model"
        switch select(request: json) {
        case let .exhausted(index):
            return ScriptedResponder.error(format: format, status: 400, message: "script exhausted at turn \(index)")
        case let .serve(turn, index, fault, sequence):
            switch fault {
            case let .status(code, retryAfter):
                return ScriptedResponder.error(format: format, status: code, message: "scripted fault \(code)", retryAfter: retryAfter)
            case let .hang(seconds):
                return .hang(seconds)
            case .malformedBody:
                return ScriptedResponder.malformed(format: format, stream: stream)
            case .truncated:
                return .truncated(ScriptedResponder.success(
                    format: format, turn: turn, turnIndex: index, sequence: sequence, model: model,
                    stream: stream, includeUsage: includeUsage, requestBytes: body.count
                ))
            case let .latency(ms):
                sleepUnlessStopped(Double(ms) / 1000)
            case .none:
                break
            }
            if turn.latencyMs > 0 { sleepUnlessStopped(Double(turn.latencyMs) / 1000) }
            return ScriptedResponder.success(
                format: format, turn: turn, turnIndex: index, sequence: sequence, model: model,
                stream: stream, includeUsage: includeUsage, requestBytes: body.count
            )
        }
    }
}
