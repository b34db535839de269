import Foundation
import O2CYAML

/// The hostile-text corpus: every `*.yaml` (or `*.json`) file of a folder, each
/// `cases: [HostileCase]`.
public struct HostileCorpus: Sendable {
    /// The cases, file by file in name order.
    public let cases: [HostileCase]

    static let caseKeys = ["id", "attack", "entry", "rep", "text", "obeys", "expect"]

    /// Loads the folder; a broken file or a repeated case id is an error naming the file and what to fix.
    public static func load(directory: String) throws -> HostileCorpus {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }.sorted()
        } catch {
            throw StressError("cannot read the corpus folder \(directory): \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw StressError("\(directory) holds no *.yaml or *.json corpus files") }
        var cases: [HostileCase] = []
        var seen: [String: String] = [:]
        for name in names {
            let path = directory + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw StressError("\(path): cannot read the file as UTF-8 text") }
            var reader = YAMLReader(file: path, text: text)
            let fileCases = read(&reader)
            guard reader.diagnostics.isEmpty else { throw StressError(reader.diagnostics.map(\.description).joined(separator: "\n")) }
            for c in fileCases {
                if let other = seen[c.id] { throw StressError("\(path): case id '\(c.id)' is used again (first in \(other)); give each case its own id") }
                seen[c.id] = name
                if c.obeys.isEmpty && !c.expect.contains(.contentPolicy) {
                    throw StressError("\(path): case '\(c.id)' has no calls under `obeys`; list the tool calls a model that obeys the text would make")
                }
                if c.expect.isEmpty { throw StressError("\(path): case '\(c.id)' has an empty `expect`; say what must stop it") }
            }
            cases += fileCases
        }
        return HostileCorpus(cases: cases)
    }

    /// The cases of one file: `cases:` with id, attack, entry, text, obeys [{tool, arguments}], expect.
    private static func read(_ reader: inout YAMLReader) -> [HostileCase] {
        let hint = "each file is `cases:` with id, attack, entry, text, obeys [{tool, arguments}], expect"
        guard let root = reader.root(empty: hint),
              let file = reader.fields(root, keys: ["cases"], in: nil) else { return [] }
        return reader.list(file["cases"], what: "cases", hint: hint).compactMap { node in
            guard let f = reader.fields(node, keys: caseKeys, in: "a case") else { return nil }
            for key in caseKeys where key != "rep" && f[key] == nil { reader.report(node, "missing '\(key)'", suggestion: hint) }
            let obeys = reader.list(f["obeys"], what: "obeys", hint: "list calls as {tool, arguments}").compactMap { call -> HostileCall? in
                guard let c = reader.fields(call, keys: ["tool", "arguments"], in: "a call"), let tool = reader.text(c["tool"], key: "tool") else { return nil }
                guard let arguments = c["arguments"]?.string else { reader.report(c["arguments"] ?? call, "'arguments' must be JSON text"); return nil }
                return HostileCall(tool: tool, arguments: arguments)
            }
            let expect: [HostileStop] = reader.list(f["expect"], what: "expect", hint: "list what may stop it, e.g. [guardrail]").compactMap { reader.choice($0, key: "stop") }
            guard let id = reader.text(f["id"], key: "id"), let attack = reader.text(f["attack"], key: "attack"), let text = reader.text(f["text"], key: "text"),
                  let entry: HostileEntry = reader.choice(f["entry"], key: "entry") else { return nil }
            return HostileCase(id: id, attack: attack, entry: entry, rep: reader.text(f["rep"], key: "rep"), text: f["text"]?.string ?? text,
                               obeys: obeys, expect: expect)
        }
    }
}
