import CCurl
import Foundation
import O2CCore

/// libcurl write callback: forwards body bytes to the request context.
private func curlWriteCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    let total = size * count
    guard let userdata else { return 0 }
    guard let buffer, total > 0 else { return total }
    let ctx = Unmanaged<CurlRequestContext>.fromOpaque(userdata).takeUnretainedValue()
    return ctx.receiveBody(UnsafeRawBufferPointer(start: buffer, count: total)) ? total : 0
}

/// libcurl header callback: captures the status line and header fields.
private func curlHeaderCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    let total = size * count
    guard let userdata, let buffer, total > 0 else { return total }
    let ctx = Unmanaged<CurlRequestContext>.fromOpaque(userdata).takeUnretainedValue()
    ctx.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: total))
    return total
}

/// The single thread that owns a curl multi handle and every easy handle attached to it.
final class CurlMultiLoop: @unchecked Sendable {
    private enum Command {
        case add(CurlRequestContext)
        case cancel(UInt64)
    }

    private struct Inbox {
        var commands: [Command] = []
        var stopping = false
    }

    private let inbox = Locked(Inbox())
    private let multi: UnsafeMutableRawPointer?

    // Loop-thread-only state.
    private var active: [UInt64: CurlRequestContext] = [:]
    private var byEasy: [UnsafeMutableRawPointer: CurlRequestContext] = [:]

    init() {
        multi = curl_multi_init()
        if let multi {
            _ = o2c_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 2048)
        }
    }

    func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = "o2c-curl-multi"
        thread.stackSize = 1 << 20
        thread.start()
    }

    func submit(_ ctx: CurlRequestContext) {
        enqueue(.add(ctx))
    }

    func cancel(_ id: UInt64) {
        enqueue(.cancel(id))
    }

    func shutdown() {
        inbox.withLock { $0.stopping = true }
        if let multi { _ = curl_multi_wakeup(multi) }
    }

    private func enqueue(_ command: Command) {
        let stopped = inbox.withLock { state -> Bool in
            if state.stopping { return true }
            state.commands.append(command)
            return false
        }
        if stopped {
            if case let .add(ctx) = command {
                ctx.fail(HTTPTransportError(kind: .cancelled, message: "transport shut down"))
            }
            return
        }
        if let multi { _ = curl_multi_wakeup(multi) }
    }

    // MARK: Loop thread

    private func run() {
        guard let multi else {
            // No multi handle: fail everything that arrives.
            while true {
                let (commands, stopping) = inbox.withLock { s -> ([Command], Bool) in
                    let c = s.commands
                    s.commands.removeAll()
                    return (c, s.stopping)
                }
                for case let .add(ctx) in commands {
                    ctx.fail(HTTPTransportError(kind: .connection, message: "curl_multi_init failed"))
                }
                if stopping { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        while true {
            let (commands, stopping) = inbox.withLock { s -> ([Command], Bool) in
                let c = s.commands
                s.commands.removeAll()
                return (c, s.stopping)
            }
            if stopping {
                for case let .add(ctx) in commands {
                    ctx.fail(HTTPTransportError(kind: .cancelled, message: "transport shut down"))
                }
                for ctx in Array(active.values) {
                    detach(ctx, multi: multi)
                    ctx.fail(HTTPTransportError(kind: .cancelled, message: "transport shut down"))
                }
                curl_multi_cleanup(multi)
                return
            }
            for command in commands {
                switch command {
                case let .add(ctx): attach(ctx, multi: multi)
                case let .cancel(id):
                    if let ctx = active[id] {
                        detach(ctx, multi: multi)
                        ctx.fail(HTTPTransportError(kind: .cancelled, message: "request cancelled"))
                    }
                }
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            drainMessages(multi: multi)
            var numfds: Int32 = 0
            _ = curl_multi_poll(multi, nil, 0, 1000, &numfds)
        }
    }

    private func attach(_ ctx: CurlRequestContext, multi: UnsafeMutableRawPointer) {
        if ctx.isCancelRequested {
            ctx.fail(HTTPTransportError(kind: .cancelled, message: "request cancelled"))
            return
        }
        guard let easy = curl_easy_init() else {
            ctx.fail(HTTPTransportError(kind: .connection, message: "curl_easy_init failed"))
            return
        }
        ctx.easy = easy
        let request = ctx.request
        let opaque = Unmanaged.passUnretained(ctx).toOpaque()

        _ = o2c_easy_setopt_string(easy, CURLOPT_URL, request.url)
        _ = o2c_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = o2c_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeoutSeconds * 1000)))
        _ = o2c_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        _ = o2c_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        _ = o2c_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)

        let method = request.method.uppercased()
        if method == "GET" {
            _ = o2c_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        } else {
            if method != "POST" {
                _ = o2c_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)
            }
            _ = o2c_easy_setopt_long(easy, CURLOPT_POST, 1)
            _ = o2c_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            if request.body.isEmpty {
                _ = o2c_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
            } else {
                request.body.withUnsafeBytes { raw in
                    _ = o2c_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                }
            }
        }

        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            list = curl_slist_append(list, "\(name): \(value)")
        }
        // Never wait for "100 Continue".
        list = curl_slist_append(list, "Expect:")
        ctx.headerList = list
        _ = o2c_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))

        _ = o2c_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        _ = o2c_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, opaque)
        _ = o2c_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        _ = o2c_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, opaque)

        let rc = curl_multi_add_handle(multi, easy)
        guard rc == CURLM_OK else {
            curl_easy_cleanup(easy)
            curl_slist_free_all(list)
            ctx.easy = nil
            ctx.headerList = nil
            ctx.fail(HTTPTransportError(kind: .connection, message: "curl_multi_add_handle failed (\(rc.rawValue))"))
            return
        }
        active[ctx.id] = ctx
        byEasy[easy] = ctx
    }

    private func detach(_ ctx: CurlRequestContext, multi: UnsafeMutableRawPointer) {
        active.removeValue(forKey: ctx.id)
        if let easy = ctx.easy {
            byEasy.removeValue(forKey: easy)
            _ = curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            ctx.easy = nil
        }
        if let list = ctx.headerList {
            curl_slist_free_all(list)
            ctx.headerList = nil
        }
    }

    private func drainMessages(multi: UnsafeMutableRawPointer) {
        var remaining: Int32 = 0
        while let msg = curl_multi_info_read(multi, &remaining) {
            guard o2c_msg_is_done(msg) != 0, let easy = msg.pointee.easy_handle else { continue }
            let code = o2c_msg_result(msg)
            guard let ctx = byEasy[easy] else { continue }
            var status: Int = 0
            _ = o2c_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            detach(ctx, multi: multi)
            if code == CURLE_OK {
                ctx.succeed(status: status)
            } else {
                ctx.fail(Self.transportError(code, cancelled: ctx.isCancelRequested))
            }
        }
    }

    private static func transportError(_ code: CURLcode, cancelled: Bool) -> HTTPTransportError {
        let text = curl_easy_strerror(code).map { String(cString: $0) } ?? "curl error"
        if cancelled || code == CURLE_ABORTED_BY_CALLBACK {
            return HTTPTransportError(kind: .cancelled, message: "request cancelled")
        }
        if code == CURLE_OPERATION_TIMEDOUT {
            return HTTPTransportError(kind: .timeout, message: "timed out: \(text)")
        }
        return HTTPTransportError(kind: .connection, message: "curl error \(code.rawValue): \(text)")
    }
}
