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

    func receiveHeaderLine(_ raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0D || raw[end - 1] == 0x0A { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response head (redirect or 1xx) starts: reset.
            headers = [:]
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count >= 2, let code = Int(parts[1]) { status = code }
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers[name] = value
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
