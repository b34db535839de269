import Foundation
import Hummingbird
import Logging

/// Inside the metrics middleware, around everything else: turns every error into the JSON error
/// shape and writes one access-log line (method, path, status, ms, user — never the token).
struct ErrorAndAccessLogMiddleware: RouterMiddleware {
    typealias Context = O2CRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let t0 = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let e = APIError.from(error)
            if e.status == .internalServerError {
                logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(describing: type(of: error)))])
            }
            response = e.response()
        }
        let elapsed = ContinuousClock.now - t0
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(response.status.code),
            "ms": .string(String(format: "%.2f", ms)), "user": .string(context.caller.withLockedValue { $0 } ?? "-"),
        ])
        return response
    }
}
