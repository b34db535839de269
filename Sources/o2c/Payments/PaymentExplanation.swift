import O2CCore

/// The part of `o2c payments show` that explains the cash-application engine's matches.
enum PaymentExplanation {
    static func print(_ payment: JSONValue) {
        if let s = payment["structured_reference"]?.stringValue { Swift.print("  structured reference: \(s)") }
        if let e = payment["end_to_end_id"]?.stringValue { Swift.print("  end-to-end id: \(e)") }
        let matches = payment["matches"]?.arrayValue ?? []
        if matches.isEmpty {
            let unapplied = Output.text(payment["unapplied_amount"])
            if unapplied.contains(where: { $0.isNumber && $0 != "0" }) { Swift.print("  cash application: not looked at yet ('o2c cashapp run')") }
            return
        }
        for m in matches {
            let allocations = (m["allocations"]?.arrayValue ?? []).map { "\(Output.text($0["invoice_id"])) \(Output.text($0["amount"]))" }
            let status = Output.text(m["status"]) + (m["approval_id"]?.stringValue.map { " (\($0))" } ?? "")
            Swift.print("  match \(Output.text(m["at"])): \(status), confidence \(Output.text(m["confidence"])) (threshold \(Output.text(m["threshold"]))), by \(Output.text(m["method"]))")
            if !allocations.isEmpty { Swift.print("    proposed: \(allocations.joined(separator: ", "))") }
            for r in m["reasons"]?.arrayValue ?? [] { Swift.print("    - \(Output.text(r))") }
            for a in m["alternatives"]?.arrayValue ?? [] { Swift.print("    alternative: \(Output.text(a))") }
            Swift.print("    outcome: \(Output.text(m["outcome"]))")
        }
    }
}
