import CCurl
import Foundation
import O2CCore

/// Per-request state shared with libcurl callbacks through an `Unmanaged` pointer.
///
/// After submission every field except `cancelRequested` is touched only by the curl loop thread,
/// which is why the type is `@unchecked Sendable`.
final class CurlRequestContext: @unchecked Sendable {
    let id: UInt64
    let request: HTTPRequestSpec
    private let cancelFlag = Locked(false)

    // Loop-thread state.
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var status: Int = 0
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var completed = false
    var headDelivered = false

    // Exactly one of these completion paths is used.
    var continuation: CheckedContinuation<HTTPResponseSpec, Error>?
    var headContinuation: CheckedContinuation<HTTPStreamingResponse, Error>?
    let bodyContinuation: AsyncThrowingStream<[UInt8], Error>.Continuation?
    let bodyStream: AsyncThrowingStream<[UInt8], Error>?

    /// Buffered-mode context.
    init(id: UInt64, request: HTTPRequestSpec) {
        self.id = id
        self.request = request
        self.bodyContinuation = nil
        self.bodyStream = nil
    }

    /// Streaming-mode context.
    init(id: UInt64, request: HTTPRequestSpec, streaming: Void) {
        self.id = id
        self.request = request
        let (stream, continuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        self.bodyStream = stream
        self.bodyContinuation = continuation
    }

    var isStreaming: Bool { bodyContinuation != nil }

    /// Marks the request as cancelled; safe from any thread.
    func requestCancel() { cancelFlag.withLock { $0 = true } }

    /// Whether cancellation was requested; safe from any thread.
    var isCancelRequested: Bool { cancelFlag.withLock { $0 } }

    // MARK: Callbacks (loop thread)

    /// Reads one header line as bytes (a status line starts a new head: redirect or 1xx).
    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0D || raw[end - 1] == 0x0A { end -= 1 }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        if end >= 5, raw.starts(with: "HTTP/".utf8) {
            headers = [:]
            guard let space = raw[0..<end].firstIndex(of: 0x20) else { return }
            var k = space + 1, code = 0
            while k < end, raw[k] >= 0x30, raw[k] <= 0x39, code < 1000 { code = code * 10 + Int(raw[k] - 0x30); k += 1 }
            if k > space + 1, k == end || raw[k] == 0x20 { status = code }
            return
        }
        guard let colon = raw[0..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        var nameStart = 0, nameEnd = colon, valueStart = colon + 1, valueEnd = end
        while nameStart < nameEnd, isSpace(raw[nameStart]) { nameStart += 1 }
        while nameEnd > nameStart, isSpace(raw[nameEnd - 1]) { nameEnd -= 1 }
        while valueStart < valueEnd, isSpace(raw[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, isSpace(raw[valueEnd - 1]) { valueEnd -= 1 }
        let name = String(decoding: raw[nameStart..<nameEnd].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        headers[name] = String(decoding: UnsafeRawBufferPointer(rebasing: raw[valueStart..<valueEnd]), as: UTF8.self)
    }

    /// Returns false to abort the transfer.
    func receiveBody(_ raw: UnsafeRawBufferPointer) -> Bool {
        if isCancelRequested { return false }
        if let bodyContinuation {
            deliverHeadIfNeeded()
            if case .terminated = bodyContinuation.yield(Array(raw)) { return false }
        } else {
            body.append(contentsOf: raw)
        }
        return true
    }

    private func deliverHeadIfNeeded() {
        guard !headDelivered else { return }
        headDelivered = true
        if let headContinuation, let bodyStream {
            self.headContinuation = nil
            headContinuation.resume(returning: HTTPStreamingResponse(status: status, headers: headers, body: bodyStream))
        }
    }

    // MARK: Completion (loop thread)

    func succeed(status finalStatus: Int) {
        guard !completed else { return }
        completed = true
        if finalStatus > 0 { status = finalStatus }
        if let continuation {
            self.continuation = nil
            continuation.resume(returning: HTTPResponseSpec(status: status, headers: headers, body: body))
        } else {
            deliverHeadIfNeeded()
            bodyContinuation?.finish()
        }
    }

    func fail(_ error: HTTPTransportError) {
        guard !completed else { return }
        completed = true
        if let continuation {
            self.continuation = nil
            continuation.resume(throwing: error)
        } else if let headContinuation {
            self.headContinuation = nil
            headDelivered = true
            headContinuation.resume(throwing: error)
            bodyContinuation?.finish(throwing: error)
        } else {
            bodyContinuation?.finish(throwing: error)
        }
    }
}
