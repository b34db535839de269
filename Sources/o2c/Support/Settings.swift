import Foundation
import O2CAgents
import O2CClient
import O2CCore

/// What this run of o2c works with, settled once before the command runs: o2c.yaml (`--config`,
/// `$O2C_CONFIG`, or ./o2c.yaml), the home folder (`--home`, `$O2C_HOME`, o2c.yaml `home`, the
/// current directory), and the server when one is set (`$O2C_URL`, `o2c login`). Relative `db`
/// and `home` in a config file elsewhere are relative to that file's folder.
struct Settings: Sendable {
    /// o2c.yaml's settings, or why the file is broken.
    let config: Result<O2CConfig, CLIExit>
    /// The home folder.
    let home: O2CHome

    private static let chosen = Locked<Settings?>(nil)

    /// Settles the settings for this run. A config file named with `--config` or `$O2C_CONFIG`
    /// must load; a broken ./o2c.yaml stops only the commands that need it.
    static func use(configPath: String?, homeFlag: String?) throws {
        let settings = Settings(configPath: configPath, homeFlag: homeFlag)
        chosen.withLock { $0 = settings }
        if configPath != nil || ProcessInfo.processInfo.environment["O2C_CONFIG"] != nil { _ = try settings.requireConfig() }
    }

    /// The settings of this run.
    static var current: Settings {
        chosen.withLock { value in
            if let value { return value }
            let settings = Settings(configPath: nil, homeFlag: nil)
            value = settings
            return settings
        }
    }

    private init(configPath: String?, homeFlag: String?) {
        let environment = ProcessInfo.processInfo.environment
        let path = configPath ?? environment["O2C_CONFIG"]
        var loaded: Result<O2CConfig, CLIExit>
        do {
            var file = try O2CConfig.load(path: path, environment: environment)
            let folder = path.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            if !folder.isEmpty && folder != "." {
                func anchored(_ p: String?) -> String? { p.map { $0.hasPrefix("/") ? $0 : folder + "/" + $0 } }
                file.db = anchored(file.db)
                file.home = anchored(file.home)
            }
            loaded = .success(file)
        } catch let e as ConfigError {
            loaded = .failure(CLIExit(code: 1, message: e.message))
        } catch {
            loaded = .failure(CLIExit(code: 1, message: "o2c.yaml: \(error)"))
        }
        config = loaded
        home = O2CHome.resolve(flag: homeFlag, environment: environment, config: (try? loaded.get()) ?? O2CConfig())
    }

    /// The settings, or none when the file is broken (commands that need it call `requireConfig`).
    var file: O2CConfig { (try? config.get()) ?? O2CConfig() }

    /// The settings, or exit saying where the file is broken.
    func requireConfig() throws -> O2CConfig { try config.get() }

    /// The server the CLI works with, when one is set; a bad setting throws and says what to do.
    func remote() throws -> RemoteEndpoint? { try RemoteEndpoint.resolve() }
}
