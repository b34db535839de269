import Foundation
import Hummingbird
import Logging

/// The request context: Hummingbird's core plus who is calling (for the access log).
public struct O2CRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let caller = Locked<String?>(nil)

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The body limit is enforced by the handlers (1 MiB, 413); this is Hummingbird's fallback.
    public var maxUploadSize: Int { 1 << 20 }
}

/// The outermost middleware: turns every error into the JSON error shape, counts and times the
/// request, and writes one access-log line (method, path, status, ms, user — never the token).
struct Gateway: RouterMiddleware {
    typealias Context = O2CRequestContext
    let api: API

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let t0 = ContinuousClock.now
        api.metrics.started()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let e = APIError.from(error)
            if e.status == .internalServerError {
                api.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(describing: type(of: error)))])
            }
            response = e.response()
        }
        let elapsed = ContinuousClock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = Gateway.route(request.uri.path)
        api.metrics.record(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        api.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(response.status.code),
            "ms": .string(String(format: "%.2f", seconds * 1000)), "user": .string(context.caller.withLock { $0 } ?? "-"),
        ])
        return response
    }

    /// The route template of a path, so that metrics do not grow a series per id.
    static func route(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 1 where ["healthz", "metrics", "openapi.yaml"].contains(parts[0]): return path
        case 2 where parts[0] == "v1" && ["ask", "customers", "orders"].contains(parts[1]): return path
        case 3 where parts[0] == "v1":
            switch parts[1] {
            case "customers", "orders", "invoices": return "/v1/\(parts[1])/{id}"
            case "inventory": return "/v1/inventory/{sku}"
            default: return "unmatched"
            }
        case 4 where parts[0] == "v1" && parts[1] == "customers" && parts[3] == "credit": return "/v1/customers/{id}/credit"
        default: return "unmatched"
        }
    }
}
