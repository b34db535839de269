import Foundation
import O2CCore

/// The life of an approval request as a pure value:
/// pending → approved | rejected | expired, and approved → executed | failed.
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
        let approverRole: Role?
        let approversRequired: Int
        let amountBase: Money?
        let expiresAt: Date
        let storedDigest: String
        let currentDigest: String
        let approvals: [String]
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

    static func eligibility(_ r: Request, approver: User?, name: String, now: Date, permits: (Role, ActionName) -> Bool) -> String? {
        guard let approver else { return "\(name) is not an o2c user; add with 'o2c users add \(name) --role ROLE'" }
        if approver.revoked { return "\(name)'s access is revoked" }
        if r.actor == "user:\(name)" { return "the proposer cannot approve or reject their own request (\(r.id) was proposed by \(name))" }
        if let role = r.approverRole {
            if approver.role != role && approver.role != .admin {
                return "\(r.id) needs a \(role.rawValue); \(name) is a \(approver.role.rawValue)"
            }
        } else if !permits(approver.role, r.action) {
            return "\(name) (\(approver.role.rawValue)) may not \(r.action.rawValue), so cannot approve it"
        }
        return nil
    }

    static func approve(_ r: Request, approver: User?, name: String, now: Date, permits: (Role, ActionName) -> Bool) -> Step {
        if r.status == .pending && now >= r.expiresAt { return .expire }
        guard r.status == .pending else { return .refuse("\(r.id) is \(r.status.rawValue); only pending requests can be approved") }
        if let why = eligibility(r, approver: approver, name: name, now: now, permits: permits) { return .refuse(why) }
        if let amount = r.amountBase, let limit = approver?.approvalLimit, limit.minor < amount.minor {
            return .refuse("\(name)'s approval limit \(limit) < \(amount)")
        }
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
        if let why = eligibility(r, approver: approver, name: name, now: now, permits: permits) { return .refuse(why) }
        return .reject
    }
}
