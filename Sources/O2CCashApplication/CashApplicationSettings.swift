import Foundation
import O2CCore

/// How the engine decides: the confidence at which it applies a match by itself, who it acts
/// as, and how far the combination search goes.
public struct CashApplicationSettings: Sendable {
    /// Matches with at least this confidence (0–100) are applied through the gate; below it the
    /// payment is left to the cash-application agent and the queue (`payment.unmatched`).
    public var threshold: Int
    /// Who applies: `system:cashapp` (the CLI, with the user who ran it as `on_behalf_of`) or
    /// `system:workflow` (the worker on `payment.received`).
    public var actor: Actor
    /// The most open invoices of one customer searched for combinations (at most 30).
    public var subsetInvoicesMax: Int

    /// The default threshold.
    public static let thresholdDefault = 90
    /// The environment variable that overrides the threshold.
    public static let thresholdVariable = "O2C_CASHAPP_THRESHOLD"
    /// The engine's own actor.
    public static let cashappActor = Actor(kind: .system, name: "cashapp")

    /// Settings (threshold 90, `system:cashapp`, 24 invoices by default).
    public init(threshold: Int = thresholdDefault, actor: Actor = cashappActor, subsetInvoicesMax: Int = SubsetSearch.invoicesMaxDefault) {
        self.threshold = min(max(threshold, 0), 100)
        self.actor = actor
        self.subsetInvoicesMax = min(max(subsetInvoicesMax, 1), 30)
    }

    /// The threshold from `$O2C_CASHAPP_THRESHOLD` when set (a whole number 0–100), else the default.
    public static func threshold(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CashApplicationError) -> Int {
        guard let text = environment[thresholdVariable], !text.isEmpty else { return thresholdDefault }
        guard let value = Int(text), (0...100).contains(value) else {
            throw CashApplicationError("\(thresholdVariable)='\(text)' is not a whole number from 0 to 100")
        }
        return value
    }
}

/// A problem with the engine's settings.
public struct CashApplicationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String

    /// An error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
