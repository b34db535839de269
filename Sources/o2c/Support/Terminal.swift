import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading from a person at a terminal, or from a pipe when there is none (scripts, tests): keys
/// without Enter and secrets without echo on a terminal; plain lines from a pipe.
enum Terminal {
    /// Whether standard input is a terminal.
    static var isInteractive: Bool { isatty(0) == 1 }

    /// Writes `text` to stdout at once (a prompt has no newline).
    static func prompt(_ text: String) {
        print(text, terminator: "")
        fflush(nil)
    }

    /// One key: at a terminal the key pressed (Ctrl-C and Ctrl-D read as `q`), from a pipe the
    /// first character of the next line. Nil at the end of the input.
    static func key(_ text: String) -> Character? {
        prompt(text)
        guard isInteractive else {
            guard let line = Swift.readLine() else { return nil }
            print(line)  // the answer, so the transcript reads as at a terminal
            return line.trimmingCharacters(in: .whitespaces).first ?? " "
        }
        let byte = withTerminalMode({ $0.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG) }) { () -> UInt8? in
            var b: UInt8 = 0
            while true {
                let n = read(0, &b, 1)
                if n == 1 { return b }
                if n < 0 && errno == EINTR { continue }
                return nil
            }
        }
        guard let byte else { return nil }
        let key: Character = byte == 3 || byte == 4 ? "q" : Character(Unicode.Scalar(byte))
        print(key == "\n" || key == "\r" ? "" : String(key))
        return key
    }

    /// One line (without its newline); at a terminal with `secret`, typed without echo; from a
    /// pipe repeated after the prompt unless `secret`. Nil at the end of the input.
    static func line(_ text: String, secret: Bool = false) -> String? {
        prompt(text)
        guard isInteractive else {
            let typed = Swift.readLine()
            if !secret, let typed { print(typed) }
            return typed
        }
        guard secret else { return Swift.readLine() }
        let typed = withTerminalMode({ $0.c_lflag &= ~tcflag_t(ECHO) }) { Swift.readLine() }
        print("")
        return typed
    }

    /// Runs `body` with the terminal's mode changed by `change`, and restores it afterwards.
    private static func withTerminalMode<T>(_ change: (inout termios) -> Void, _ body: () -> T) -> T {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return body() }
        var changed = saved
        change(&changed)
        tcsetattr(0, TCSANOW, &changed)
        defer { tcsetattr(0, TCSANOW, &saved) }
        return body()
    }
}
