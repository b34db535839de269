import Foundation
import GRDB
import O2CAgents
import O2CCore
import O2CLedger
import O2CLLM
import O2CMail
import O2CScriptedModel
import O2CWorkflow

/// A fresh ledger file per test behind the shipped guardrails, a small reference data set,
/// the repository's agents, and workers over it (with a scripted model server, or none).
struct WorkflowFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let start = BusinessDate(iso: "2026-03-02")!

    let dir: String
    let path: String
    let clock: ManualClock
    let ledger: Ledger
    let policy: any ActionPolicy
    let profiles: [AgentProfile]

    /// With `workerStarted` the event cursor is set now, as if a worker had been running since
    /// the ledger was made (its first start skips existing history).
    init(workerStarted: Bool = true, masterData: MasterData = Self.masterData()) throws {
        dir = NSTemporaryDirectory() + "o2c-wf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/ledger.sqlite"
        clock = ManualClock(date: Self.start)
        let set = try GuardrailSet.load(directory: Self.root + "/guardrails").get()
        profiles = AgentCatalog.load(home: Self.root, guardrails: set).profiles
        policy = set.policy(filesByAgent: Dictionary(profiles.map { ($0.name, $0.guardrails) }, uniquingKeysWith: { a, _ in a }))
        ledger = try Ledger.create(path: path, companyName: "Test Co", baseCurrency: "USD", clock: clock, policy: policy)
        try ledger.setUp(masterData)
        for (name, role) in [("sam", Role.salesRep), ("carl", .creditManager), ("mia", .salesManager), ("alice", .admin)] {
            _ = try ledger.addUser(name: name, role: role, approvalLimit: nil)
        }
        if workerStarted { try ledger.startWorkflowCursor() }
    }

    /// C-001 with room on its limit, C-004 with 1,000.00; GAD-7 short (3 in stock, WID-101 the
    /// alternative); UPS preferred, DHL second.
    static func masterData() -> MasterData {
        var m = MasterData()
        m.currencies = [.init(code: "USD", rates: [])]
        m.taxRegions = [.init(code: "US-CA", name: "California", pricesIncludeTax: false, ratesBP: ["standard": 825, "reduced": 0])]
        m.customers = [
            .init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 5_000_000, owner: "sam", email: "ap@acme.test", region: "US-CA"),
            .init(id: "C-004", name: "Tiny Shop", currency: "USD", paymentTermsDays: 14, creditLimitMinor: 100_000, owner: "sam", email: "ap@tiny.test", region: "US-CA"),
        ]
        m.products = [
            .init(sku: "WID-100", name: "Widget", family: "widgets", taxCategory: "standard", prices: ["USD": 1999], alternatives: ["WID-101"]),
            .init(sku: "WID-101", name: "Widget Plus", family: "widgets", taxCategory: "standard", prices: ["USD": 2499], alternatives: ["WID-100"]),
            .init(sku: "GAD-7", name: "Gadget", family: "widgets", taxCategory: "standard", prices: ["USD": 2299], alternatives: ["WID-101"]),
        ]
        m.warehouses = [("WH-EAST", "East"), ("WH-WEST", "West")]
        m.stock = [
            .init(sku: "WID-100", warehouse: "WH-EAST", onHand: 5000), .init(sku: "WID-100", warehouse: "WH-WEST", onHand: 300),
            .init(sku: "WID-101", warehouse: "WH-EAST", onHand: 100), .init(sku: "GAD-7", warehouse: "WH-EAST", onHand: 3),
        ]
        m.carriers = [.init(code: "UPS", name: "UPS", preferredRank: 1), .init(code: "DHL", name: "DHL", preferredRank: 2)]
        return m
    }

    /// The same file, another connection (a second process would be the same).
    func reopen() throws -> Ledger { try Ledger.open(path: path, clock: clock, policy: policy) }

    /// The standard workflow; agent runs go to `server`, or park review items without one.
    func workflow(_ server: ScriptedModelServer? = nil, ledger: Ledger? = nil, agents: Set<String>? = nil) throws -> Workflow {
        let ledger = ledger ?? self.ledger
        let client: (any ModelClient)? = server.map { OpenAIChatClient(baseURL: $0.openAIBaseURL, apiKey: nil, retryPolicy: .none) }
        let runner = AgentRunner(ledger: ledger, assembler: PromptAssembler(promptsDirectory: Self.root + "/prompts"),
                                 content: try O2CHome(Self.root).contentGuard(), client: client, requestTimeoutSeconds: 15)
        return Workflow.standard(profiles: profiles.filter { agents?.contains($0.name) ?? true }) { _ in runner }
    }

    /// The standard workflow with e-mail delivery through `transport`, as a worker.
    func mailWorker(_ transport: any MailTransport, server: ScriptedModelServer? = nil, agents: Set<String>? = nil) throws -> Worker {
        var w = try workflow(server, agents: agents)
        w.installMail(transport: transport)
        return w.worker(ledger: ledger, owner: "mail-worker", backoff: Backoff(baseSeconds: 0, maxSeconds: 0, random: { 0 }))
    }

    /// A worker with a fixed backoff (no jitter) and a name.
    func worker(_ server: ScriptedModelServer? = nil, owner: String = "test-worker", ledger: Ledger? = nil) throws -> Worker {
        let ledger = ledger ?? self.ledger
        return try workflow(server, ledger: ledger).worker(ledger: ledger, owner: owner, backoff: Backoff(baseSeconds: 1, maxSeconds: 8, random: { 0 }))
    }

    /// Enters an order as the rep; returns its id.
    @discardableResult
    func order(_ customer: String, _ lines: [(String, Int)], as rep: String = "sam") throws -> String {
        let outcome = try ledger.submit(ActionRequest(action: .createOrder, args: [
            "customer_id": .string(customer), "lines": .array(lines.map { ["sku": .string($0.0), "quantity": .int($0.1)] }),
        ], actor: .user(rep)))
        guard case .executed(let r) = outcome else { throw FixtureError("the order was not entered: \(outcome.json.serialized())") }
        return r.id
    }

    func status(_ order: String) throws -> String { try ledger.order(order).status }

    /// `SELECT count(*)` on the file.
    func count(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> Int {
        let q = try DatabaseQueue(path: path)
        defer { try? q.close() }
        return try q.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    func events(_ type: String) throws -> Int { try count("SELECT count(*) FROM events WHERE type = ?", [type]) }

    /// Journal entries, invoices, shipments, reservations, approvals, audit records, events: what must not double.
    func tally() throws -> [Int] {
        try ["journal_entries", "invoices", "shipments", "reservations", "approvals", "events", "idempotency_keys"].map { try count("SELECT count(*) FROM \($0)") }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
