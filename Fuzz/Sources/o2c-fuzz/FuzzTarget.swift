import CFuzzDriver
import Foundation
import O2CAgents
import O2CCore
import O2CDocuments
import O2CExpression
import O2CLedger
import O2CLLM

/// One fuzz target: what o2c does with an input of that kind, through the product's public entry
/// points (the same ones the regression tests in `make test` call). Errors are expected; only a
/// trap, a hang or a sanitizer report is a defect.
enum FuzzTarget: String, CaseIterable {
    case expression, guardrails, profile, arguments, ordersCSV = "orders-csv", paymentsCSV = "payments-csv", camt, sse

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .expression:
            guard let expr = try? Expression(text) else { return }
            _ = expr.check(schema: GuardrailFacts.schema(for: nil))
            _ = try? expr.evaluate(GuardrailFacts.values(Self.facts))
        case .guardrails:
            if case .success(let set) = GuardrailSet.load(files: ["fuzz.yaml": text]) { _ = set.evaluate(Self.facts) }
        case .profile:
            _ = AgentCatalog.read(source: text, file: "agents/fuzz.yaml")
        case .arguments:
            // The first byte picks the action, the rest is the JSON the gate receives as `args`.
            guard let first = bytes.first, let value = try? JSONParser().parse(bytes: Array(bytes.dropFirst())) else { return }
            let action = ActionName.allCases[Int(first) % ActionName.allCases.count]
            _ = Arguments.check(value, fields: ActionCatalog.spec(for: action).fields)
        case .ordersCSV:
            _ = try? OrderImporter(ledger: FuzzLedger.shared, actor: .user("sam")).run(file: "fuzz.csv", open: { MemoryByteSource(bytes) })
        case .paymentsCSV:
            _ = try? PaymentImporter(ledger: FuzzLedger.shared, actor: .user("arlo")).importCSV(file: "fuzz.csv", open: { MemoryByteSource(bytes) })
        case .camt:
            _ = try? PaymentImporter(ledger: FuzzLedger.shared, actor: .user("arlo")).importStatement(bytes: bytes, file: "fuzz.xml")
        case .sse:
            // The first byte sets the chunk size the body arrives in (1–256 bytes).
            guard let first = bytes.first else { return }
            var parser = SSEParser()
            var rest = bytes.dropFirst()
            while !rest.isEmpty {
                _ = parser.feed(Array(rest.prefix(Int(first) + 1)))
                rest = rest.dropFirst(Int(first) + 1)
            }
            _ = parser.finish()
        }
    }

    /// Facts of an agent's order, for evaluating what parsed.
    static let facts: ActionFacts = {
        let args = (try? JSONParser().parse(#"{"customer_id":"C-001","lines":[{"sku":"WID-100","quantity":3,"unit_price":"19.99"}],"currency":"USD"}"#)) ?? .null
        return ActionFacts(action: .createOrder, args: args, actor: .agent("intake"), approved: false)
    }()

    /// The target named by O2C_FUZZ_TARGET.
    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["O2C_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set O2C_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.current.run(bytes)
    return 0
}
