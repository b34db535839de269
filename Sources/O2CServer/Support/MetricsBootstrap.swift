import CoreMetrics
import Prometheus

/// The process's metrics: swift-metrics, bootstrapped once with a Prometheus registry that
/// `GET /metrics` writes out. Any module reports through swift-metrics (`Counter`, `Timer`,
/// `Gauge`, `Recorder` with a label such as `o2c_ledger_actions_total`) once this has run;
/// a metric made before the bootstrap records nothing. One name keeps one kind and one set of
/// dimension names (the registry stops the process on a clash: a programming error).
public enum MetricsBootstrap {
    /// The registry behind swift-metrics; the first use bootstraps it (once per process).
    public static var registry: PrometheusCollectorRegistry { bootstrapped }

    /// Bootstraps swift-metrics now (idempotent).
    public static func bootstrap() { _ = bootstrapped }

    private static let bootstrapped: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60),
        ]
        factory.nameAndLabelSanitizer = { name, labels in
            (names[name] ?? name.replacingDots, labels.map { (dimensions[$0.0] ?? $0.0.replacingDots, $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Hummingbird's `MetricsMiddleware` names, as o2c shows them.
    private static let names = [
        "hb.requests": "o2c_http_requests_total",
        "http.server.request.duration": "o2c_http_request_duration_seconds",
        "hb.request.errors": "o2c_http_request_errors_total",
        "http.server.active_requests": "o2c_http_requests_in_flight",
    ]
    private static let dimensions = [
        "http.route": "route", "http.request.method": "method", "http.response.status_code": "status", "error.type": "status",
    ]
}

private extension String {
    var replacingDots: String { String(map { $0 == "." ? "_" : $0 }) }
}
