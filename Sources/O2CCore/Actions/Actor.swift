/// Who asks for an action: an agent (with its run), a user, or the workflow.
public struct Actor: Sendable, Hashable, CustomStringConvertible {
    /// The kind of actor.
    public enum Kind: String, Sendable, Hashable {
        case agent, user, system
    }

    /// Agent, user or system.
    public let kind: Kind
    /// The agent's, user's or system component's name.
    public let name: String
    /// The agent run that proposed the action, for agents.
    public let runID: String?
    /// The user an agent acts for (the rep who asked, the user who started the run); that
    /// person may not approve what the agent proposed for them.
    public let onBehalfOf: String?

    /// An actor of the given kind.
    public init(kind: Kind, name: String, runID: String? = nil, onBehalfOf: String? = nil) {
        self.kind = kind
        self.name = name
        self.runID = runID
        self.onBehalfOf = onBehalfOf
    }

    /// A user.
    public static func user(_ name: String) -> Actor { Actor(kind: .user, name: name) }
    /// An agent during a run, possibly on behalf of a user.
    public static func agent(_ name: String, runID: String? = nil, onBehalfOf: String? = nil) -> Actor {
        Actor(kind: .agent, name: name, runID: runID, onBehalfOf: onBehalfOf)
    }
    /// The workflow worker.
    public static let workflow = Actor(kind: .system, name: "workflow")

    /// Reads `agent:NAME`, `user:NAME`, `system:NAME`, or a bare user name.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let kind = Kind(rawValue: parts[0]), Actor.isValidName(parts[1]) else { return nil }
            self.init(kind: kind, name: parts[1])
        } else {
            guard Actor.isValidName(text) else { return nil }
            self.init(kind: .user, name: text)
        }
    }

    /// Names are 1–64 characters of letters, digits, `-`, `_` and `.`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// `kind:name`.
    public var description: String { "\(kind.rawValue):\(name)" }
}

/// The roles of o2c users (SPEC §8).
public enum Role: String, Sendable, CaseIterable, Hashable, Codable {
    case salesRep = "sales_rep"
    case salesManager = "sales_manager"
    case arClerk = "ar_clerk"
    case creditManager = "credit_manager"
    case financeManager = "finance_manager"
    case admin = "admin"
}
