import Foundation
import O2CCore
import O2CExpression
import O2CLedger
import Testing

/// The inputs kept from scripts/fuzz.sh in Tests/Fixtures/fuzz/<target>/ (crash-*: what crashed
/// once; corpus-*: inputs its runs reached deep with), fed through the same entry points as the
/// fuzz targets: each ends in a result or a clear error, never a trap.
@Suite struct FuzzFindingsTests {
    static func inputs(_ target: String) -> [String] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/fuzz/" + target
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    static let facts = ActionFacts(action: .createOrder, args: ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]],
                                   actor: .agent("intake"), approved: false)

    @Test(arguments: inputs("expression"))
    func guardrailExpressionParsesOrSaysWhereItIsWrong(_ path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        do {
            let expr = try Expression(text)
            _ = expr.check(schema: GuardrailFacts.schema(for: nil))
            _ = try? expr.evaluate(GuardrailFacts.values(Self.facts))
        } catch {
            #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
        }
    }

    @Test(arguments: inputs("guardrails"))
    func guardrailFileLoadsOrIsRefusedWithDiagnostics(_ path: String) throws {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        switch GuardrailSet.load(files: ["fuzz.yaml": text]) {
        case .success(let set): _ = set.evaluate(Self.facts)
        case .failure(let e): #expect(!e.diagnostics.isEmpty && e.diagnostics.allSatisfy { $0.file.hasSuffix("fuzz.yaml") })
        }
    }

    @Test(arguments: inputs("arguments"))
    func actionArgumentsPassOrAreRefusedWithMessages(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard let first = bytes.first, let value = try? JSONParser().parse(bytes: Array(bytes.dropFirst())) else { return }
        let action = ActionName.allCases[Int(first) % ActionName.allCases.count]
        if case .failure(let e) = Arguments.check(value, fields: ActionCatalog.spec(for: action).fields) {
            #expect(!e.messages.isEmpty)
        }
    }
}
