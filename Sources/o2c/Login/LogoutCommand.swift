import ArgumentParser
import Foundation
import O2CClient

/// `o2c logout`: forgets the stored server and token.
struct LogoutCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Forget the server and token 'o2c login' stored.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let path = O2CCredentials.path() else { return print("not logged in") }
        let url = (try? O2CCredentials.load(from: path))?.url
        print(try O2CCredentials.remove(at: path) ? "logged out\(url.map { " of \($0)" } ?? "") (removed \(path))" : "not logged in")
        for name in ["O2C_URL", "O2C_TOKEN"] where !(ProcessInfo.processInfo.environment[name] ?? "").isEmpty {
            print("note: \(name) is still set in your environment")
        }
    }
}
