import O2CCore

/// One tool call of a `RunTrace` and what came of it.
public struct RunToolCall: Codable, Sendable, Equatable {
    /// The tool.
    public var tool: String
    /// The arguments as parsed (or the raw text when they were not JSON).
    public var arguments: JSONValue
    /// `executed`, `pending_approval`, `denied`, `invalid`, `ok` or `error`.
    public var outcome: String
    /// The approval request it created, if any.
    @OmitIfNil public var approvalID: String?

    enum CodingKeys: String, CodingKey { case tool, arguments, outcome, approvalID = "approval_id" }
}
