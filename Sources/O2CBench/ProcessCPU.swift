import Foundation

/// CPU time of this process, all threads, user and system: a benchmark's cost that a busy
/// machine disturbs much less than its wall-clock rate.
public enum ProcessCPU {
    /// CPU time used so far, in milliseconds.
    public static func milliseconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }
}
