import Foundation
import Yams

/// The hostile-text corpus: every `*.yaml` (or `*.json`) file of a folder, each
/// `cases: [HostileCase]`.
public struct HostileCorpus: Sendable {
    /// The cases, file by file in name order.
    public let cases: [HostileCase]

    private struct File: Decodable {
        let cases: [HostileCase]
    }

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
            let file: File
            do {
                file = try YAMLDecoder().decode(File.self, from: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw StressError("\(path): \(error) (each file is `cases:` with id, attack, entry, text, obeys [{tool, arguments}], expect)")
            }
            for c in file.cases {
                if let other = seen[c.id] { throw StressError("\(path): case id '\(c.id)' is used again (first in \(other)); give each case its own id") }
                seen[c.id] = name
                if c.obeys.isEmpty && !c.expect.contains(.contentPolicy) {
                    throw StressError("\(path): case '\(c.id)' has no calls under `obeys`; list the tool calls a model that obeys the text would make")
                }
                if c.expect.isEmpty { throw StressError("\(path): case '\(c.id)' has an empty `expect`; say what must stop it") }
            }
            cases += file.cases
        }
        return HostileCorpus(cases: cases)
    }
}
