import Foundation
import O2CCore

/// The header row of an import file: where each known column is. A file without a required
/// column, or with a column named twice, is refused whole, naming the column.
public struct CSVHeader: Sendable {
    /// Column name → index in a record.
    public let index: [String: Int]
    /// How many fields each record must have.
    public let width: Int

    /// Reads the header `record`; `required` columns must be there, `optional` ones may be.
    public init(_ record: CSVRecord, required: [String], optional: [String], file: String) throws(DocumentError) {
        var index: [String: Int] = [:]
        let names = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (k, name) in names.enumerated() {
            if index[name] != nil {
                throw DocumentError(.badHeader, file: file, line: record.line, column: name,
                                    "column '\(name)' appears twice in the header; keep one")
            }
            index[name] = k
        }
        let known = required + optional
        for column in required where index[column] == nil {
            let unknown = names.filter { !known.contains($0) }
            let hint = unknown.first { Suggest.closest(to: $0, in: [column]) != nil }.map { " ('\($0)' looks like a misspelling of it)" } ?? ""
            throw DocumentError(.badHeader, file: file, line: record.line, column: column,
                                "the header has no column '\(column)'\(hint); the columns are: \(required.joined(separator: ",")) and optionally \(optional.joined(separator: ",")); nothing was imported")
        }
        self.index = index
        self.width = names.count
    }

    /// Reads the header line of `reader`; an empty file is refused, naming the columns it needs.
    public static func read<S: ByteSource>(_ reader: inout CSVReader<S>, required: [String], optional: [String], file: String) throws(DocumentError) -> CSVHeader {
        guard let first = try reader.next() else {
            throw DocumentError(.badHeader, file: file, line: 1, "the file is empty; it needs a header line: \((required + optional).joined(separator: ","))")
        }
        return try CSVHeader(first, required: required, optional: optional, file: file)
    }

    /// The value of `column` in `record` (trimmed of surrounding spaces), or "" when the column is absent.
    public func value(_ column: String, in record: CSVRecord) -> String {
        guard let k = index[column], k < record.fields.count else { return "" }
        return record.fields[k].trimmingCharacters(in: .whitespaces)
    }
}
