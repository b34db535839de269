import Testing
@testable import O2CServer

@Suite struct ServerModuleTests {
    @Test func moduleLinks() { #expect(String(describing: O2CServerModule.self) == "O2CServerModule") }
}
