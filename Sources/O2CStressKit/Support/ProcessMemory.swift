import Foundation

/// The resident set size of this process, read from `/proc/self/statm` (Linux).
public enum ProcessMemory {
    /// Resident memory in MiB, or nil where `/proc` is not there.
    public static func residentMiB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
