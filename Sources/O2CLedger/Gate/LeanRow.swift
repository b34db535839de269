import GRDB

/// A row the gate read, its columns by position only. GRDB's `Row` builds a dictionary of
/// lower-cased column names for every row it fetches; the gate reads a dozen rows per action
/// and never by name, so it steps its cached statements itself (`Database.leanRow`) and keeps
/// just the values.
struct LeanRow {
    /// The columns, in the order of the query.
    let values: ContiguousArray<DatabaseValue>

    /// The column at `index` converted to `T` (an optional `T` for a column that may be NULL).
    /// As with GRDB's `Row`, a value that does not convert is a programming error (the schema
    /// fixes every column's type), not bad input.
    subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        guard let value = T.fromDatabaseValue(values[index]) else {
            preconditionFailure("column \(index) holds \(values[index]), not a \(T.self)")
        }
        return value
    }
}
