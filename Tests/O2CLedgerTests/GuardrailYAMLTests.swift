import O2CCore
import O2CLedger
import Testing

/// Guardrail files are read by the one YAML reader: duplicate keys, syntax errors and misspelt
/// keys are refused with file:line:column and what to do.
@Suite("Guardrail files through the YAML reader")
struct GuardrailYAMLTests {
    static func problems(_ text: String) -> [String] {
        guard case .failure(let e) = GuardrailSet.load(files: ["credit.yaml": text]) else { return [] }
        return e.diagnostics.map(\.description)
    }

    @Test func aMisspeltRuleKeyIsSuggested() {
        let found = Self.problems("scope: global\nrules:\n  - name: a\n    actions: [create_order]\n    outcom: deny\n    message: m\n")
        #expect(found.contains("guardrails/credit.yaml:5:5: unknown key 'outcom' in a rule — did you mean 'outcome'?"), "\(found)")
    }

    @Test func aDuplicateKeyInARuleIsRefused() {
        let found = Self.problems("scope: global\nrules:\n  - name: a\n    actions: [create_order]\n    outcome: deny\n    outcome: allow\n    message: m\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("guardrails/credit.yaml:") == true && found.first?.contains("the key 'outcome' appears twice in one mapping — keep one of them") == true,
                "\(found)")
    }

    @Test func aBareStarIsExplainedAtItsLine() {
        let found = Self.problems("scope: global\nrules:\n  - name: a\n    actions: [*]\n    outcome: deny\n    message: m\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("guardrails/credit.yaml:4:") == true && found.first?.contains("YAML syntax error") == true, "\(found)")
        #expect(found.first?.hasSuffix("write [\"*\"] for every action: a bare * starts a YAML alias") == true, "\(found)")
    }
}
