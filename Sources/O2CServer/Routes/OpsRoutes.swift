import Hummingbird

/// `GET /healthz`, `GET /openapi.yaml` (no token) and `GET /metrics` (no token unless the
/// server is started with `--metrics-token-required`).
struct OpsRoutes {
    let api: API
    /// The repository's openapi.yaml, embedded in the binary at build time.
    static let openAPIDocument = ByteBuffer(bytes: PackageResources.openapi_yaml)

    func register(on router: Router<O2CRequestContext>) {
        router.get("/healthz") { _, _ in API.json(["status": "ok"]) }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: Self.openAPIDocument))
        }
    }

    func registerMetrics<Context: RequestContext>(on routes: some RouterMethods<Context>) {
        routes.get("/metrics") { _, _ in
            let pending = try? await api.withLedger { try $0.approvalRequests(status: "pending").count }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: ServerMetrics.exposition(approvalsPending: pending))))
        }
    }
}
