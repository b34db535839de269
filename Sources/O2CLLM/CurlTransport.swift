import CCurl
import Foundation
import O2CCore

/// libcurl-backed `HTTPTransport`: one curl multi handle driven by one dedicated thread.
///
/// Requests are handed to the loop thread through a locked queue plus `curl_multi_wakeup`; each
/// completes a continuation (or yields streamed chunks from the write callback). Thousands of
/// concurrent requests cost one easy handle each, not a thread each.
public final class CurlTransport: HTTPTransport {
    /// Process-wide shared transport.
    public static let shared = CurlTransport()

    private static let globalInitResult: Bool = o2c_curl_global_init_all() == CURLE_OK

    private let loop: CurlMultiLoop
    private let nextID = Locked<UInt64>(0)

    /// Creates a transport with its own multi handle and loop thread.
    public init() {
        _ = CurlTransport.globalInitResult
        loop = CurlMultiLoop()
        loop.start()
    }

    deinit {
        loop.shutdown()
    }

    private func makeID() -> UInt64 {
        nextID.withLock { id in
            id += 1
            return id
        }
    }

    /// Sends a request and buffers the whole response.
    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        let ctx = CurlRequestContext(id: makeID(), request: request)
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTPResponseSpec, Error>) in
                ctx.continuation = cont
                if Task.isCancelled { ctx.requestCancel() }
                loop.submit(ctx)
            }
        } onCancel: {
            ctx.requestCancel()
            loop.cancel(ctx.id)
        }
    }

    /// Sends a request and returns when the response head is known; the body streams afterwards.
    public func stream(_ request: HTTPRequestSpec) async throws -> HTTPStreamingResponse {
        let ctx = CurlRequestContext(id: makeID(), request: request, streaming: ())
        let loop = self.loop
        let id = ctx.id
        ctx.bodyContinuation?.onTermination = { [weak ctx] termination in
            if case .cancelled = termination {
                ctx?.requestCancel()
                loop.cancel(id)
            }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTPStreamingResponse, Error>) in
                ctx.headContinuation = cont
                if Task.isCancelled { ctx.requestCancel() }
                loop.submit(ctx)
            }
        } onCancel: {
            ctx.requestCancel()
            loop.cancel(id)
        }
    }
}
