import Foundation
import Hummingbird
import Logging
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import ServiceLifecycle

/// The HTTP API of o2c (SPEC §11): sales reps' questions, reads in the caller's scope, order intake.
public enum O2CServerModule {}

/// Everything the server needs; build one with `ServerConfig(ledger:home:)` and adjust.
public struct ServerConfig: Sendable {
    /// Interface to listen on.
    public var host: String
    /// Port; 0 picks a free one (see `ServerHandle.port`).
    public var port: Int
    /// The ledger, opened behind the guardrails of `home` (`O2CHome.policy()`).
    public var ledger: Ledger
    /// The folder holding agents/, prompts/, guardrails/.
    public var home: O2CHome
    /// The model endpoint; nil means `POST /v1/ask` answers 503 `no_model`.
    public var modelClient: (any ModelClient)?
    /// Model name overriding the profile's (`O2C_LLM_MODEL`).
    public var modelOverride: String?
    /// Seconds per model request.
    public var modelTimeoutSeconds: Double
    /// Requests per second each token may make on average; 0 turns the limit off (benchmarks).
    public var requestsPerSecondPerToken: Double
    /// Requests a token may make in a burst.
    public var requestBurstPerToken: Double
    /// Failed authentications (unknown or revoked tokens) a client address may make per minute
    /// before every attempt from it is answered 429; 0 turns the limit off.
    public var failedAuthenticationsPerMinute: Double
    /// Whether `GET /metrics` needs a token like the `/v1` routes (default: open, SPEC §11).
    public var metricsRequireToken: Bool
    /// Threads that make the ledger's blocking calls (off Swift's cooperative pool).
    public var ledgerThreads: Int
    /// Monotonic seconds, for the rate limiters (injectable in tests).
    public var clock: @Sendable () -> Double
    /// Longest a handler may take before the server answers 503 `timeout`.
    public var requestTimeoutSeconds: Double
    /// Largest request body in bytes.
    public var maxBodyBytes: Int
    /// Where the access log goes.
    public var logger: Logger
    /// More services to run beside the server and stop with it (the workflow worker); they
    /// start after and stop before the ledger thread pool.
    public var services: [any Service] = []

    /// A configuration with the defaults of `o2c serve`.
    public init(ledger: Ledger, home: O2CHome, host: String = "127.0.0.1", port: Int = 8080, modelClient: (any ModelClient)? = nil,
                modelOverride: String? = nil, modelTimeoutSeconds: Double = 60) {
        self.host = host
        self.port = port
        self.ledger = ledger
        self.home = home
        self.modelClient = modelClient
        self.modelOverride = modelOverride
        self.modelTimeoutSeconds = modelTimeoutSeconds
        self.requestsPerSecondPerToken = 20
        self.requestBurstPerToken = 40
        self.failedAuthenticationsPerMinute = 10
        self.metricsRequireToken = false
        self.ledgerThreads = LedgerExecutor.defaultThreads
        self.clock = ServerSetup.monotonicSeconds
        self.requestTimeoutSeconds = 120
        self.maxBodyBytes = 1 << 20
        var logger = Logger(label: "o2c.http")
        logger.logLevel = .info
        self.logger = logger
    }
}

/// Helpers for `o2c serve` and tests.
public enum ServerSetup {
    /// Seconds on a monotonic clock.
    @Sendable public static func monotonicSeconds() -> Double { Duration.since(start).inSeconds }

    private static let start = ContinuousClock.now
}

/// The server could not be set up.
public struct ServerSetupError: Error, CustomStringConvertible {
    /// What is wrong and where.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// Builds the Hummingbird application with every route of SPEC §11. Every request passes the
/// metrics (by route template) and the error shape and access log; the routes that need a token
/// sit in a group behind the request timeout, authentication and the per-token rate limit.
public func makeServer(config: ServerConfig, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    MetricsBootstrap.bootstrap()
    ServerMetrics.register()
    let api = try API(config: config)
    let router = Router(context: O2CRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorAndAccessLogMiddleware(logger: config.logger))
    let failures = config.failedAuthenticationsPerMinute > 0
        ? RateLimiter(rate: config.failedAuthenticationsPerMinute / 60, burst: config.failedAuthenticationsPerMinute, clock: config.clock) : nil
    // The timeout fires at most a tenth of it (and at most 100 ms) late.
    let deadlines = RequestDeadlines(tick: .milliseconds(max(1, min(100, Int64(config.requestTimeoutSeconds * 100)))))
    let authenticated = router.group()
        .add(middleware: RequestTimeoutMiddleware(seconds: config.requestTimeoutSeconds, deadlines: deadlines, executor: api.executor))
        .add(middleware: AuthenticationMiddleware(api: api, failures: failures))
        .group(context: AuthenticatedContext.self)
    if config.requestsPerSecondPerToken > 0 {
        authenticated.add(middleware: RateLimitMiddleware(limiter: RateLimiter(rate: config.requestsPerSecondPerToken,
                                                                              burst: config.requestBurstPerToken, clock: config.clock)))
    }
    let ops = OpsRoutes(api: api)
    ops.register(on: router)
    PageRoutes().register(on: router)
    if config.metricsRequireToken { ops.registerMetrics(on: authenticated) } else { ops.registerMetrics(on: router) }
    CustomerRoutes(api: api).register(on: authenticated)
    OrderRoutes(api: api).register(on: authenticated)
    InvoiceRoutes(api: api).register(on: authenticated)
    InventoryRoutes(api: api).register(on: authenticated)
    AskRoutes(api: api).register(on: authenticated)
    ApprovalRoutes(api: api).register(on: authenticated)
    WhoAmIRoutes().register(on: authenticated)
    ActionRoutes(api: api).register(on: authenticated)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "o2c"),
        services: [api.executor, deadlines] + config.services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.port) },
        logger: config.logger
    )
}

/// A server running in the background until `shutdown()` (tests, benchmarks).
public final class ServerHandle: Sendable {
    /// The port it listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Starts the server and returns once it accepts connections.
    public static func start(config: ServerConfig) async throws -> ServerHandle {
        try await start(logger: config.logger) { onRunning in try makeServer(config: config, onServerRunning: onRunning) }
    }

    /// Starts any Hummingbird application the same way (the benchmarks' hello-world ceiling);
    /// `build` receives the callback to hand the application as its `onServerRunning`.
    public static func start<App: ApplicationProtocol>(logger: Logger, _ build: (@escaping @Sendable (Int) async -> Void) throws -> App) async throws -> ServerHandle {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try build { port in continuation.yield(port); continuation.finish() }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var port = 0
        for await p in ports { port = p }
        guard port != 0 else {
            let reason: String
            do { try await task.value; reason = "it stopped" } catch { reason = "\(error)" }
            throw ServerSetupError(message: "the server did not start: \(reason)")
        }
        return ServerHandle(port: port, group: group, task: task)
    }

    /// Graceful shutdown: stops accepting, lets in-flight requests finish, then returns.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Begins a graceful shutdown without waiting for it.
    public func beginShutdown() async {
        await group.triggerGracefulShutdown()
    }

    /// Waits for the server to stop.
    public func waitUntilStopped() async {
        _ = try? await task.value
    }
}

/// Runs the server until SIGTERM or SIGINT; in-flight requests finish before it returns.
/// `onServerRunning` gets the port once it accepts connections.
public func runServer(config: ServerConfig, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
    let app = try makeServer(config: config, onServerRunning: onServerRunning)
    try await app.runService()
}
