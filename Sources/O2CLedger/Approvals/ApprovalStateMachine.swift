import Foundation
import O2CCore

/// The life of an approval request as a pure value:
/// pending → approved | rejected | expired, and approved → executed | failed (or back to pending
/// when the rules, deciding again at the last approval, ask for more than was granted).
/// Each step returns what to do; the queue does it inside one transaction.
struct ApprovalStateMachine {
    enum Status: String {
        case pending, approved, rejected, expired, executed, failed
    }

    struct Request {
        let id: String
        let status: Status
        let action: ActionName
        let actor: String
        /// The user an agent acted for, who may not decide on the request.
        let onBehalfOf: String?
        let approverRole: Role?
        let approversRequired: Int
        let amountBase: Money?
        let expiresAt: Date
        let storedDigest: String
        let currentDigest: String
        /// The approvals that count towards the requirement as it stands.
        var approvals: [String]
    }

    /// An approval recorded earlier: who, and the amount (base currency) they approved.
    struct Approval {
        let name: String
        let user: User?
        let amountMinor: Int64?
    }

    enum Step: Equatable {
        /// The request timed out: mark it expired and refuse.
        case expire
        /// Refuse, changing nothing.
        case refuse(String)
        /// Record this approval; more are needed.
        case recordApproval(remaining: Int)
        /// Record this approval, then execute the action.
        case recordAndExecute
        /// Record the rejection.
        case reject
    }

    /// Why `name` may not decide on `r` under a requirement of `role` (nil when they may). With
    /// no role named, only a user whose role may submit the action, or an admin (SPEC §8.1).
    static func refusal(_ r: Request, approver: User?, name: String, role: Role?, permits: (Role, ActionName) -> Bool) -> String? {
        guard let approver else { return "\(name) is not an o2c user; add with 'o2c users add \(name) --role ROLE'" }
        if approver.revoked { return "\(name)'s access is revoked" }
        if r.actor == "user:\(name)" { return "the proposer cannot approve or reject their own request (\(r.id) was proposed by \(name))" }
        if r.onBehalfOf == name {
            return "the person who asked cannot approve or reject the request (\(r.actor) proposed \(r.id) on behalf of \(name))"
        }
        if let role {
            if approver.role != role && approver.role != .admin { return "\(r.id) needs a \(role.rawValue); \(name) is a \(approver.role.rawValue)" }
        } else if approver.role != .admin && !permits(approver.role, r.action) {
            return "\(name) (\(approver.role.rawValue)) may not submit \(r.action.rawValue), so cannot approve it; a role that may submit it, or an admin, can"
        }
        return nil
    }

    /// Why `approver`'s limit does not cover `amount` (nil when it does).
    static func limitRefusal(_ approver: User?, name: String, amount: Money?) -> String? {
        guard let amount, let limit = approver?.approvalLimit, limit.minor < amount.minor else { return nil }
        return "\(name)'s approval limit \(limit) < \(amount)"
    }

    /// The names of the approvals that count towards a requirement of `role` for `amount`: the
    /// approver may still decide, their limit covers the amount, and they approved at least it.
    static func counting(_ r: Request, _ approvals: [Approval], role: Role?, amount: Money?, permits: (Role, ActionName) -> Bool) -> [String] {
        approvals.filter { a in
            refusal(r, approver: a.user, name: a.name, role: role, permits: permits) == nil
                && limitRefusal(a.user, name: a.name, amount: amount) == nil
                && (amount.map { (a.amountMinor ?? .min) >= $0.minor } ?? true)
        }.map(\.name)
    }

    static func approve(_ r: Request, approver: User?, name: String, now: Date, permits: (Role, ActionName) -> Bool) -> Step {
        if r.status == .pending && now >= r.expiresAt { return .expire }
        guard r.status == .pending else { return .refuse("\(r.id) is \(r.status.rawValue); only pending requests can be approved") }
        if let why = refusal(r, approver: approver, name: name, role: r.approverRole, permits: permits) { return .refuse(why) }
        if let why = limitRefusal(approver, name: name, amount: r.amountBase) { return .refuse(why) }
        guard r.storedDigest == r.currentDigest else {
            return .refuse("the arguments of \(r.id) changed after it was requested (digest mismatch); it cannot be approved")
        }
        if r.approvals.contains(name) { return .refuse("\(name) already approved \(r.id); it needs a different approver") }
        let remaining = r.approversRequired - r.approvals.count - 1
        return remaining > 0 ? .recordApproval(remaining: remaining) : .recordAndExecute
    }

    static func reject(_ r: Request, approver: User?, name: String, note: String?, now: Date, permits: (Role, ActionName) -> Bool) -> Step {
        if r.status == .pending && now >= r.expiresAt { return .expire }
        guard r.status == .pending else { return .refuse("\(r.id) is \(r.status.rawValue); only pending requests can be rejected") }
        guard let note, !note.trimmingCharacters(in: .whitespaces).isEmpty else { return .refuse("a rejection needs a note saying why (--note TEXT)") }
        if let why = refusal(r, approver: approver, name: name, role: r.approverRole, permits: permits) { return .refuse(why) }
        return .reject
    }
}
