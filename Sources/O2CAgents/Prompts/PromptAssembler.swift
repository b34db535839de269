import Foundation
import Mustache
import O2CCore

/// Builds the system prompt a model receives from a profile and the templates in `prompts/`.
/// `o2c agents show` prints exactly this.
public struct PromptAssembler: Sendable {
    /// The folder of `{{> name}}` partials (`prompts/name.md`).
    public let promptsDirectory: String

    /// An assembler reading partials from `promptsDirectory`.
    public init(promptsDirectory: String) { self.promptsDirectory = promptsDirectory }

    /// The partial names a template includes, with their offsets in the text.
    public static func includes(in template: String) -> [(name: String, offset: Int)] {
        var out: [(String, Int)] = []
        let chars = Array(template.utf8)
        var i = 0
        while i + 3 < chars.count {
            if chars[i] == UInt8(ascii: "{"), chars[i + 1] == UInt8(ascii: "{"), chars[i + 2] == UInt8(ascii: ">") {
                var j = i + 3
                while j + 1 < chars.count, !(chars[j] == UInt8(ascii: "}") && chars[j + 1] == UInt8(ascii: "}")) { j += 1 }
                let name = String(decoding: chars[(i + 3)..<min(j, chars.count)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                out.append((name, i))
                i = j
            }
            i += 1
        }
        return out
    }

    /// The partials available in `prompts/`.
    public func partialNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: promptsDirectory)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Renders the instructions with their partials (plain text, no HTML escaping).
    public func renderInstructions(_ profile: AgentProfile, values: [String: String]) throws -> String {
        var library = MustacheLibrary()
        for name in partialNames() {
            let text = (try? String(contentsOfFile: promptsDirectory + "/" + name + ".md", encoding: .utf8)) ?? ""
            try library.register("{{% CONTENT_TYPE: TEXT}}" + text, named: name)
        }
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + profile.instructions)
        return template.render(values, library: library).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The whole system prompt.
    public func systemPrompt(for profile: AgentProfile, company: String, today: BusinessDate, untrustedDataRule: String) throws -> String {
        let values = ["company": company, "today": today.iso, "agent": profile.name]
        let instructions = try renderInstructions(profile, values: values)
        return """
            You are the \(profile.role) of \(company). Today is \(today.iso).

            Your goal: \(profile.goal.trimmingCharacters(in: .whitespacesAndNewlines))

            Instructions:
            \(instructions)

            How you work:
            - You change nothing yourself. Every change to the books is a proposal made with one of your write tools; the company's guardrails decide, and a person may have to approve it. When a tool result says "pending_approval", tell the user that request (give its id) is waiting for approval; never say it was done. When it says "denied", say it was refused and why.
            - Use only facts from tool results. Amounts are decimal strings with a currency. Never invent an invoice number, an amount or a date.
            - \(untrustedDataRule)
            - If your tools cannot do what is asked, say so plainly. Keep answers short and concrete.
            """
    }
}
