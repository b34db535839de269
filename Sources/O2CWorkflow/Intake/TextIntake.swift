import Foundation
import O2CCore
import O2CLedger

/// `o2c orders ingest --text FILE`: a purchase order or e-mail in free text becomes an
/// `order.received` event carrying the text (recorded once per text), which starts the agents
/// whose triggers name it (the order-intake agent); that job runs at once. The agent's
/// `create_order` goes through the gate like anyone's: within the intake rules it executes,
/// anything else waits in the approval queue (the run, with the source text, is linked from
/// the request). With no model, the text waits as a review item.
public enum TextIntake {
    /// The largest text accepted, in bytes.
    public static let textBytesMax = 64 * 1024

    /// Why a text was not taken.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        /// What is wrong and what to do.
        public let description: String
    }

    /// Records the text and runs the jobs it starts; returns those jobs after their run.
    public static func ingest(text: String, source: String, worker: Worker) async throws -> [Job] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Refused(description: "\(source) is empty; give the text of a purchase order or an order e-mail") }
        guard text.utf8.count <= textBytesMax else {
            throw Refused(description: "\(source) is \(text.utf8.count) bytes; at most \(textBytesMax) bytes of text are read")
        }
        let fingerprint = StableHash.fnv1aHex(trimmed)
        let subject = "TXT-" + fingerprint
        let ledger = worker.ledger
        try await worker.start()
        let eventID = try await blocking {
            Result { () throws(LedgerError) in
                try ledger.recordEvent(type: "order.received", subject: subject,
                                       payload: ["text": .string(trimmed), "source": .string(source)], key: "intake:" + fingerprint)
            }
        }.get()
        _ = try await worker.route()
        let keys = worker.routing.jobs(for: WorkflowEvent(id: eventID, type: "order.received", subject: subject, payload: ["text": .string(trimmed)],
                                                          createdAt: "")).map(\.key)
        guard !keys.isEmpty else {
            throw Refused(description: "no agent has 'order.received' in its triggers, so nobody reads the text; add it to agents/order-intake.yaml")
        }
        var jobs: [Job] = []
        for key in keys {
            _ = try await worker.runOne(key: key)
            if let job = try await blocking({ Result { () throws(LedgerError) in try ledger.jobs(subject: subject).first { $0.key == key } } }).get() {
                jobs.append(job)
            }
        }
        return jobs
    }

}
