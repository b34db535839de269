import O2CLLM

/// One scripted model turn: a reply plus optional faults, latency and usage numbers.
public struct ScriptedTurn: Sendable, Equatable {
    /// What the model answers.
    public enum Reply: Sendable, Equatable {
        /// Final assistant text.
        case text(String)
        /// One or more (parallel) tool calls, with optional accompanying text.
        case toolCalls([ScriptedToolCall], text: String = "")
    }

    /// What the model answers.
    public var reply: Reply
    /// Faults consumed one per request before (or while) serving this turn.
    public var faults: [ScriptedFault]
    /// Usage reported for this turn; when `nil` a rough estimate is reported.
    public var usage: ModelUsage?
    /// Extra latency applied to every successful serve of this turn, in milliseconds.
    public var latencyMs: Int

    /// Creates a turn.
    public init(reply: Reply, faults: [ScriptedFault] = [], usage: ModelUsage? = nil, latencyMs: Int = 0) {
        self.reply = reply
        self.faults = faults
        self.usage = usage
        self.latencyMs = latencyMs
    }

    /// A final-text turn.
    public static func text(_ text: String, faults: [ScriptedFault] = [], usage: ModelUsage? = nil, latencyMs: Int = 0) -> ScriptedTurn {
        ScriptedTurn(reply: .text(text), faults: faults, usage: usage, latencyMs: latencyMs)
    }

    /// A tool-call turn.
    public static func toolCalls(
        _ calls: [ScriptedToolCall], text: String = "", faults: [ScriptedFault] = [], usage: ModelUsage? = nil, latencyMs: Int = 0
    ) -> ScriptedTurn {
        ScriptedTurn(reply: .toolCalls(calls, text: text), faults: faults, usage: usage, latencyMs: latencyMs)
    }
}
