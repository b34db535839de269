#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` (not Foundation's `Process`), with pipes to its
/// standard input, output and error. Used by `o2c bench agents` for its model server; usable by
/// tests that run the `o2c` binary.
public final class ChildProcess: Sendable {
    /// The process id.
    public let pid: pid_t
    /// Write end of the child's standard input (-1 when closed).
    public let stdinFD: Int32
    /// Read end of the child's standard output.
    public let stdoutFD: Int32
    /// Read end of the child's standard error.
    public let stderrFD: Int32

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// What a finished child printed and how it ended.
    public struct Output: Sendable {
        /// Exit code (128 + signal number when killed by a signal).
        public let status: Int32
        /// Everything written to standard output.
        public let stdout: [UInt8]
        /// Everything written to standard error.
        public let stderr: [UInt8]
    }

    private let open: Locked<Set<Int32>>

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.open = Locked([stdinFD, stdoutFD, stderrFD])
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    /// Starts `path` with `arguments` (without argv[0]); `environment` nil keeps this process's.
    public static func spawn(_ path: String, arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess {
        var pipes: [Int32] = Array(repeating: -1, count: 6)
        for k in 0..<3 {
            let made = pipes.withUnsafeMutableBufferPointer { p in pipe(p.baseAddress.map { $0 + 2 * k }) }
            guard made == 0 else {
                for fd in pipes where fd >= 0 { close(fd) }
                throw SpawnError(description: "pipe() failed: errno \(errno)")
            }
        }
        // pipes: [in.read, in.write, out.read, out.write, err.read, err.write]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[3], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[5], 2)
        for fd in pipes { posix_spawn_file_actions_addclose(&actions, fd) }
        let env = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        var pid: pid_t = 0
        let rc = withCStrings([path] + arguments) { argv in
            if let env {
                return withCStrings(env) { envp in posix_spawn(&pid, path, &actions, nil, argv, envp) }
            }
            return posix_spawn(&pid, path, &actions, nil, argv, environ)
        }
        close(pipes[0]); close(pipes[3]); close(pipes[5])
        guard rc == 0 else {
            close(pipes[1]); close(pipes[2]); close(pipes[4])
            throw SpawnError(description: "could not start \(path): \(String(cString: strerror(rc)))")
        }
        return ChildProcess(pid: pid, stdinFD: pipes[1], stdoutFD: pipes[2], stderrFD: pipes[4])
    }

    /// Runs `path` to the end, feeding `input` to its standard input, and collects its output.
    public static func run(_ path: String, arguments: [String], environment: [String: String]? = nil, input: [UInt8] = []) throws -> Output {
        try spawn(path, arguments: arguments, environment: environment).finish(input: input)
    }

    /// Feeds `input` to the child's standard input and closes it, collects everything the child
    /// writes until it ends, and waits for it (children spawned together run at the same time;
    /// finish them one after another).
    public func finish(input: [UInt8] = []) -> Output {
        var offset = 0
        while offset < input.count {
            let n = input.withUnsafeBytes { write(stdinFD, $0.baseAddress.map { $0 + offset }, input.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        closeFD(stdinFD)
        var out: [UInt8] = [], err: [UInt8] = []
        var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
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
        return Output(status: wait(), stdout: out, stderr: err)
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

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
