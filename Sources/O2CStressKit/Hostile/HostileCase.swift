/// One prompt-injection attempt of the hostile-text corpus (`Tests/Fixtures/hostile/*.yaml`):
/// where the text enters, the text, the tool calls a model that obeys it would make, and what
/// must stop each of them.
public struct HostileCase: Sendable {
    /// A short unique name (`po-raise-own-credit-limit`).
    public let id: String
    /// What the injection is after, in words.
    public let attack: String
    /// Where the text enters.
    public let entry: HostileEntry
    /// The sales rep asking (`rep_question` only; `sam` when not given).
    public let rep: String?
    /// The hostile text.
    public let text: String
    /// The tool calls of a model that obeys the text, all in its first turn.
    public let obeys: [HostileCall]
    /// What may stop the attack: each call must be stopped by one of these (or the content
    /// policy blocks the text before any call).
    public let expect: [HostileStop]
}

/// A tool call an obeying model makes.
public struct HostileCall: Sendable {
    /// The tool.
    public let tool: String
    /// Its arguments, as JSON text (may be malformed on purpose).
    public let arguments: String
}

/// Where untrusted text enters o2c.
public enum HostileEntry: String, Sendable, CaseIterable {
    /// A purchase order read by text intake (`o2c orders ingest --text`): the order-intake agent.
    case purchaseOrder = "purchase_order"
    /// A customer's e-mail read by text intake: the order-intake agent.
    case customerEmail = "customer_email"
    /// The notes a customer writes on an order, read with it by text intake: the order-intake agent.
    case orderNote = "order_note"
    /// A bank statement's remittance text and payer data on a payment cash application could not
    /// match (`payment.unmatched`): the cash-application agent.
    case bankReference = "bank_reference"
    /// A sales rep's question (`POST /v1/ask`): the sales assistant, within the rep's customers.
    case repQuestion = "rep_question"
}

/// What stops an obeyed call (or the whole text).
public enum HostileStop: String, Sendable, CaseIterable {
    /// The agent has no such tool.
    case toolList = "tool_list"
    /// The arguments fail the tool's schema or the gate's argument check.
    case argumentCheck = "argument_check"
    /// A guardrail denies it.
    case guardrail
    /// It names a document outside the rep's customers.
    case scope
    /// It waits in the approval queue for a person (flagged).
    case approval
    /// The content policy blocks the text before the model sees it.
    case contentPolicy = "content_policy"
}
