#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` (not Foundation's `Process`, whose scan of
/// /proc/self/fd over-reads a heap buffer), with pipes to its standard input, output and error.
/// Used by `o2c bench agents` for its model server, `o2c bench approvals`, and the tests that run
/// the `o2c` binary. The child inherits no other descriptor of this process.
public final class ChildProcess: Sendable {
    /// The process id.
    public let pid: pid_t
    /// Write end of the child's standard input (-1 when closed).
    public let stdinFD: Int32
    /// Read end of the child's standard output (-1 when it is not a pipe).
    public let stdoutFD: Int32
    /// Read end of the child's standard error (-1 when it is not a pipe).
    public let stderrFD: Int32

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// Where the child's standard output or error goes.
    public enum Destination: Sendable {
        /// A pipe this process reads (`stdoutFD`, `stderrFD`, `collect`).
        case pipe
        /// /dev/null.
        case discard
        /// A file, created or truncated (a server's log, which nobody reads while it runs).
        case file(String)

        var isPipe: Bool {
            if case .pipe = self { return true }
            return false
        }
    }

    /// What a finished child printed and how it ended.
    public struct Output: Sendable {
        /// Exit code (128 + signal number when killed by a signal).
        public let status: Int32
        /// Everything written to standard output.
        public let stdout: [UInt8]
        /// Everything written to standard error.
        public let stderr: [UInt8]
        /// Whether the child was killed because it ran past its time.
        public let timedOut: Bool
    }

    private let open: Locked<Set<Int32>>

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.open = Locked(Set([stdinFD, stdoutFD, stderrFD].filter { $0 >= 0 }))
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    /// One spawn at a time (counting them): a pipe is close-on-exec from a moment after it is made,
    /// so no other child may start in between and inherit it (that would hold its reader open).
    private static let spawned = Locked(0)

    /// How many children this process has started.
    public static var started: Int { spawned.withLock { $0 } }

    /// Starts `path` with `arguments` (without argv[0]); `environment` nil keeps this process's,
    /// `workingDirectory` nil keeps this process's.
    public static func spawn(_ path: String, arguments: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
                             standardOutput: Destination = .pipe, standardError: Destination = .pipe) throws -> ChildProcess {
        try spawned.withLock { count in
            let child = try spawnLocked(path, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
                                        destinations: [standardOutput, standardError])
            count += 1
            return child
        }
    }

    private static func spawnLocked(_ path: String, arguments: [String], environment: [String: String]?, workingDirectory: String?,
                                    destinations: [Destination]) throws -> ChildProcess {
        // ends[k] = (our end, the child's end) for stdin, stdout, stderr; -1 where there is no pipe.
        var ends: [(ours: Int32, theirs: Int32)] = []
        func closeAll() { for e in ends { for fd in [e.ours, e.theirs] where fd >= 0 { close(fd) } } }
        for k in 0..<3 {
            if k > 0, !destinations[k - 1].isPipe {
                ends.append((-1, -1))
                continue
            }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                closeAll()
                throw SpawnError(description: "pipe() failed: \(String(cString: strerror(errno)))")
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            ends.append(k == 0 ? (fds[1], fds[0]) : (fds[0], fds[1]))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let workingDirectory {
            guard let chdir = SpawnExtensions.addChdir else {
                closeAll()
                throw SpawnError(description: "this C library cannot start a child in another directory")
            }
            _ = workingDirectory.withCString { chdir(&actions, $0) }
        }
        for k in 0..<3 {
            if ends[k].theirs >= 0 {
                posix_spawn_file_actions_adddup2(&actions, ends[k].theirs, Int32(k))  // dup2 clears close-on-exec
            } else {
                let target: String
                switch destinations[k - 1] {
                case .file(let file): target = file
                default: target = "/dev/null"
                }
                posix_spawn_file_actions_addopen(&actions, Int32(k), target, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        // Descriptors other code opened without close-on-exec stay out of the child too.
        if let closeFrom = SpawnExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        var pid: pid_t = 0
        let rc = withCStrings([path] + arguments) { argv in
            if let env {
                return withCStrings(env) { envp in posix_spawn(&pid, path, &actions, nil, argv, envp) }
            }
            return posix_spawn(&pid, path, &actions, nil, argv, environ)
        }
        for e in ends where e.theirs >= 0 { close(e.theirs) }
        guard rc == 0 else {
            for e in ends where e.ours >= 0 { close(e.ours) }
            throw SpawnError(description: "could not start \(path)\(workingDirectory.map { " in \($0)" } ?? ""): \(String(cString: strerror(rc)))")
        }
        return ChildProcess(pid: pid, stdinFD: ends[0].ours, stdoutFD: ends[1].ours, stderrFD: ends[2].ours)
    }

    /// Runs `path` to the end, feeding `input` to its standard input, and collects its output;
    /// past `timeoutSeconds` the child is killed (`Output.timedOut`).
    public static func run(_ path: String, arguments: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
                           input: [UInt8] = [], timeoutSeconds: Double? = nil) throws -> Output {
        try spawn(path, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
            .collect(input: input, timeoutSeconds: timeoutSeconds)
    }

    /// Writes `input` to the child's standard input and closes it, reads its output and error
    /// pipes to their end, and waits for it; past `timeoutSeconds` it is killed.
    public func collect(input: [UInt8] = [], timeoutSeconds: Double? = nil) -> Output {
        var offset = 0
        while offset < input.count, stdinFD >= 0 {
            let n = input.withUnsafeBytes { write(stdinFD, $0.baseAddress.map { $0 + offset }, input.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        closeFD(stdinFD)
        var out: [UInt8] = [], err: [UInt8] = []
        var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = timeoutSeconds.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        var timedOut = false
        while fds.contains(where: { $0.fd >= 0 }) {
            var waitMs: Int32 = -1
            if let deadline, !timedOut {
                let left = deadline - ContinuousClock.now
                if left <= .zero {
                    timedOut = true
                    signal(SIGKILL)
                } else {
                    waitMs = Int32(min(left.inMilliseconds.rounded(.up), 60_000))
                }
            }
            let ready = poll(&fds, nfds_t(fds.count), waitMs)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 { continue }
            for k in fds.indices where fds[k].fd >= 0 && fds[k].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if k == 0 { out.append(contentsOf: chunk[0..<n]) } else { err.append(contentsOf: chunk[0..<n]) }
                } else if !(n < 0 && errno == EINTR) {
                    closeFD(fds[k].fd)
                    fds[k].fd = -1
                }
            }
        }
        if let deadline, !timedOut, ContinuousClock.now > deadline {
            timedOut = true
            signal(SIGKILL)
        }
        return Output(status: wait(), stdout: out, stderr: err, timedOut: timedOut)
    }

    /// Reads one line (without its newline) from the child's standard output; nil at its end.
    public func readLine() -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(stdoutFD, &byte, 1)
            if n == 1 {
                if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
                line.append(byte)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
            }
        }
    }

    /// Closes one of the pipes (the standard input, to send end-of-file); closing twice is harmless.
    public func closeFD(_ fd: Int32) {
        if open.withLock({ $0.remove(fd) }) != nil { close(fd) }
    }

    /// Sends `signal` to the child.
    public func signal(_ signal: Int32 = SIGKILL) {
        _ = kill(pid, signal)
    }

    /// Waits for the child to end, closes the pipes and returns its exit code (128 + signal when killed).
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        for fd in [stdinFD, stdoutFD, stderrFD] { closeFD(fd) }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// GNU extensions of posix_spawn that Swift's C library module does not declare, found at run time.
private enum SpawnExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<F>(_ name: String) -> F? {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(pointer, to: F.self)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
