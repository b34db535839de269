import ArgumentParser
import Foundation
import O2CLedger
import O2CServer
import O2CWorkflow

/// `o2c serve`: the HTTP API of SPEC §11 (SIGTERM or SIGINT: in-flight requests finish, then it exits).
struct ServeCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (SPEC §11): reads in the caller's scope, order intake, the approval queue, questions to the sales assistant.",
        discussion: """
            Tokens come from 'o2c users add|token'. The OpenAPI document is served at /openapi.yaml. Once it accepts
            connections it prints 'listening on http://HOST:PORT' (--port 0 picks a free port).
            The model endpoint is read from O2C_LLM_* (without one, POST /v1/ask answers 503 no_model).
            The workflow worker runs beside the API (unless --no-worker) and stops with it.
            """
    )

    @Option(help: "Interface to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: a free one).") var port = 8080
    @Flag(name: .long, help: "Do not run the workflow worker in the same process (run 'o2c worker' elsewhere).") var noWorker = false
    @Option(name: .customLong("rate-limit"), help: "Requests per second per token on average; 0 turns the limit off (o2c.yaml rate_limit; default 20).")
    var rateLimit: Double?
    @Option(name: .customLong("rate-burst"), help: "Requests a token may make at once (o2c.yaml rate_burst; default 40).")
    var rateBurst: Double?
    @Flag(name: .customLong("metrics-token-required"), help: "GET /metrics needs a token like the /v1 routes (o2c.yaml metrics_auth: true).")
    var metricsTokenRequired = false
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let rateLimit, !(rateLimit >= 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be 0 (no limit) or more") }
        if let rateBurst, !(rateBurst >= 1 && rateBurst.isFinite) { throw ValidationError("--rate-burst must be 1 or more") }
    }

    func run() async throws {
        let home = Settings.current.home
        let file = try Settings.current.requireConfig()
        let opened = try Ledger.open(path: ledger.path, policy: home.policy())
        let settings = file.modelSettings(named: home.catalog().profile(named: "sales-assistant")?.model ?? "default")
        var config = ServerConfig(ledger: opened, home: home, host: host, port: port, modelClient: settings.client(),
                                  modelOverride: settings.model, modelTimeoutSeconds: settings.timeoutSeconds)
        config.requestsPerSecondPerToken = rateLimit ?? file.rateLimit ?? config.requestsPerSecondPerToken
        config.requestBurstPerToken = rateBurst ?? file.rateBurst ?? config.requestBurstPerToken
        config.metricsRequireToken = metricsTokenRequired || (file.metricsAuth ?? false)
        config.logger.logLevel = .info
        if !noWorker {
            config.services.append(WorkerService(worker: try WorkflowSetup.make(ledger: opened).worker(ledger: opened)))
        }
        let host = self.host
        do {
            try await runServer(config: config) { port in
                print("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)")
                fflush(nil)
            }
        } catch let e as ServerSetupError {
            throw CLIExit(code: 1, message: e.message)
        }
    }
}
