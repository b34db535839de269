import O2CCore

/// A request to change the ledger: an action, its arguments and who asks.
public struct ActionRequest: Sendable {
    /// The action.
    public let action: ActionName
    /// Its arguments as sent.
    public let args: JSONValue
    /// Who asks.
    public let actor: Actor
    /// Makes a retry safe: the same key with the same arguments takes effect once.
    public let idempotencyKey: String?
    /// Why the actor asks (an agent's stated reason), shown to approvers.
    public let reason: String?

    /// A request.
    public init(action: ActionName, args: JSONValue, actor: Actor, idempotencyKey: String? = nil, reason: String? = nil) {
        self.action = action
        self.args = args
        self.actor = actor
        self.idempotencyKey = idempotencyKey
        self.reason = reason
    }

    /// Reads `{"action": "...", "args": {...}}`; the problems name the field.
    public static func parse(document: JSONValue, actor: Actor, idempotencyKey: String? = nil) -> Result<ActionRequest, ArgumentErrors> {
        guard case .object(let obj) = document else {
            return .failure(ArgumentErrors(messages: ["the action document must be a JSON object like {\"action\": \"set_credit_limit\", \"args\": {...}}"]))
        }
        guard let name = obj["action"]?.stringValue else {
            return .failure(ArgumentErrors(messages: ["\"action\" is missing; it names one of: \(ActionName.allCases.map(\.rawValue).joined(separator: ", "))"]))
        }
        guard let action = ActionName(rawValue: name) else {
            let hint = Suggest.closest(to: name, in: ActionName.allCases.map(\.rawValue)).map { " — did you mean '\($0)'?" } ?? "; run 'o2c actions list'"
            return .failure(ArgumentErrors(messages: ["unknown action '\(name)'\(hint)"]))
        }
        for key in obj.keys where !["action", "args", "reason", "idempotency_key"].contains(key) {
            return .failure(ArgumentErrors(messages: ["unknown member \"\(key)\" in the action document; allowed: action, args, reason, idempotency_key"]))
        }
        let key = idempotencyKey ?? obj["idempotency_key"]?.stringValue
        return .success(ActionRequest(action: action, args: obj["args"] ?? .object(JSONObject()), actor: actor,
                                      idempotencyKey: key, reason: obj["reason"]?.stringValue))
    }
}
