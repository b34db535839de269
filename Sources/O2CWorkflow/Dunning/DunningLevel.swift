import Foundation
import Mustache
import O2CCore

/// One dunning level of `dunning/levels.yaml`: when an invoice reaches it, what the notice says,
/// what it costs and whether it proposes a credit hold.
public struct DunningLevel: Sendable {
    /// 1 friendly reminder, 2 firm reminder, 3 final notice (`send_dunning_notice`'s levels).
    public let level: Int
    /// An invoice reaches the level this many days after its due date.
    public let daysPastDue: Int
    /// At least this many days between two notices about one invoice.
    public let minIntervalDays: Int
    /// The fee, a decimal in the customer's currency ("0" for none): recorded on the notice and
    /// stated in its e-mail (posting it to the books needs an action SPEC §5 does not list).
    public let fee: String
    /// Whether reaching the level proposes `place_credit_hold` (a credit manager decides).
    public let creditHold: Bool
    /// Mustache template of the subject (one line).
    public let subject: String
    /// Mustache template of the body.
    public let template: String
    /// The line of the level in its file.
    public let line: Int

    /// A level.
    public init(level: Int, daysPastDue: Int, minIntervalDays: Int, fee: String, creditHold: Bool, subject: String, template: String, line: Int = 0) {
        self.level = level
        self.daysPastDue = daysPastDue
        self.minIntervalDays = minIntervalDays
        self.fee = fee
        self.creditHold = creditHold
        self.subject = subject
        self.template = template
        self.line = line
    }

    /// The subject and body for `values` (plain text: no HTML escaping). The templates see only
    /// the values given (one customer's invoices from the ledger), never the ledger itself.
    public func render(_ values: [String: Any]) throws -> (subject: String, body: String) {
        let s = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + subject)
        let b = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template)
        return (EmailAddress.headerText(s.render(values)), b.render(values))
    }
}
