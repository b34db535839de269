/// A fault injected into one HTTP attempt of a scripted turn.
///
/// A turn's faults are consumed one per request, in order. `status`, `hang`, `malformedBody` and
/// `truncated` fail the attempt and leave the turn pending (so the client's retry hits the next fault or the
/// real reply); `latency` delays the attempt and then serves the turn normally.
public enum ScriptedFault: Sendable, Equatable {
    /// Answer with this HTTP status (and `Retry-After: seconds` when given).
    case status(Int, retryAfter: Int? = nil)
    /// Accept the request, say nothing for this many seconds, then close the connection.
    case hang(seconds: Double)
    /// Wait this many milliseconds, then serve the turn.
    case latency(ms: Int)
    /// Answer 200 with a body that is not valid JSON (or, when streaming, an invalid SSE data line).
    case malformedBody
    /// Start the real reply, then close the connection half-way: a JSON reply's headers promise
    /// the whole body and only its first half is sent; a streamed reply stops after half of its
    /// SSE events, without the end of the stream.
    case truncated
}
