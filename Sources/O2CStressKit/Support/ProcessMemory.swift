import Foundation

/// Memory of this process: the resident set size (`/proc/self/statm`, Linux) and the heap SQLite
/// holds (`sqlite3_memory_used`: chiefly the ledger connections' page caches, bounded by their
/// `cache_size`).
public enum ProcessMemory {
    /// Resident memory in MiB, or nil where `/proc` is not there.
    public static func residentMiB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    private typealias MemoryUsed = @convention(c) () -> Int64

    /// SQLite's heap in MiB (looked up in the loaded SQLite library), or nil when it is not
    /// loaded or keeps no count: the ledger turns SQLite's memory statistics off for speed
    /// (docs/LEDGER.md), and then `sqlite3_memory_used` stays at zero.
    public static func sqliteHeapMiB() -> Double? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sqlite3_memory_used") else { return nil }
        let bytes = unsafeBitCast(symbol, to: MemoryUsed.self)()
        return bytes > 0 ? Double(bytes) / 1_048_576 : nil
    }
}
