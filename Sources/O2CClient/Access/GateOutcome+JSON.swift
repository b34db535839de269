import O2CCore
import O2CLedger

extension GateOutcome {
    /// The outcome from its `actions submit --json` shape (`POST /v1/actions`); nil when it is not one.
    public init?(json: JSONValue) {
        let rules = (json["rules"]?.arrayValue ?? []).map { r in
            FiredRule(file: r["file"]?.stringValue ?? "", name: r["name"]?.stringValue ?? "", message: r["message"]?.stringValue ?? "")
        }
        switch json["outcome"]?.stringValue {
        case "executed": self = .executed(ActionResult(json: json["result"] ?? .null))
        case "pending_approval":
            guard let id = json["approval_id"]?.stringValue else { return nil }
            self = .pendingApproval(id: id, rules: rules)
        case "denied": self = .denied(rules: rules)
        case "invalid": self = .invalid(messages: (json["messages"]?.arrayValue ?? []).compactMap(\.stringValue))
        default: return nil
        }
    }
}

extension ActionResult {
    /// The result from its JSON shape `{id, summary, ...extra}`.
    public init(json: JSONValue) {
        var extra = json.objectValue ?? JSONObject()
        let id = extra["id"]?.stringValue ?? ""
        let summary = extra["summary"]?.stringValue ?? ""
        extra["id"] = nil
        extra["summary"] = nil
        self.init(id: id, extra: extra, summary: summary)
    }
}
