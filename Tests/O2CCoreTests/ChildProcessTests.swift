import Foundation
import O2CCore
import Testing

/// `ChildProcess` (posix_spawn): what the CLI tests and the benchmarks rely on.
@Suite("Child processes")
struct ChildProcessTests {
    @Test func aChildRunsInTheGivenFolderAndWritesToAFile() throws {
        let dir = NSTemporaryDirectory() + "o2c-child-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = try ChildProcess.run("/bin/sh", arguments: ["-c", "pwd"], workingDirectory: dir)
        #expect(String(decoding: out.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(dir.split(separator: "/").last.map(String.init) ?? "?"))
        let child = try ChildProcess.spawn("/bin/sh", arguments: ["-c", "echo to-the-log >&2; echo out"], standardError: .file(dir + "/log"))
        #expect(child.stderrFD == -1)
        let done = child.collect()
        #expect(done.status == 0 && String(decoding: done.stdout, as: UTF8.self) == "out\n")
        #expect(try String(contentsOfFile: dir + "/log", encoding: .utf8) == "to-the-log\n")
        #expect(throws: ChildProcess.SpawnError.self) { try ChildProcess.spawn("/bin/true", arguments: [], workingDirectory: dir + "/missing") }
    }

    @Test func aChildPastItsTimeIsKilled() throws {
        let out = try ChildProcess.run("/bin/sleep", arguments: ["30"], timeoutSeconds: 0.2)
        #expect(out.timedOut && out.status == 128 + SIGKILL)
        let before = ChildProcess.started
        let quick = try ChildProcess.run("/bin/true", arguments: [], timeoutSeconds: 30)
        #expect(!quick.timedOut && quick.status == 0)
        #expect(ChildProcess.started > before)
    }

    @Test func aChildInheritsNoOtherChildsPipes() throws {
        // The first child waits for the end of its input; a second child started meanwhile must
        // not hold that input open, or the first would never see its end.
        let first = try ChildProcess.spawn("/bin/cat", arguments: [])
        let second = try ChildProcess.spawn("/bin/sleep", arguments: ["30"])
        defer {
            second.signal(SIGKILL)
            second.wait()
        }
        let out = first.collect(input: Array("hello".utf8), timeoutSeconds: 10)
        #expect(!out.timedOut && String(decoding: out.stdout, as: UTF8.self) == "hello")
        // The program may hold a file of its own for a moment while it starts (sleep reads its
        // locale); an inherited pipe would stay. So look until only the three are left, for 5 s.
        var fds: [String] = []
        for _ in 0..<500 {
            fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(second.pid)/fd")
            if Set(fds) == ["0", "1", "2"] { break }
            usleep(10_000)
        }
        #expect(Set(fds) == ["0", "1", "2"], "the child has only its own three descriptors: \(fds)")
    }
}
