import CLibXML2
import Crypto
import Foundation
import O2CCore

/// Reads ISO 20022 camt.053 bank statements (001.02 and 001.08) with libxml2, in process.
///
/// The whole file is refused, with the reason and the line, when it is not well-formed (or is
/// truncated), carries a DOCTYPE (no entity is ever declared or expanded: XML bombs and external
/// entities are stopped before they start), is not a camt.053 of a version o2c reads, or breaks
/// the official XSD shipped with o2c (`xmlSchemaValidateDoc`). The parser never touches the
/// network (`XML_PARSE_NONET`) and never substitutes entities (no `XML_PARSE_NOENT`).
public enum CamtReader {
    /// The root namespaces o2c reads, and their versions.
    public static let namespaces = [
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02": "camt.053.001.02",
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08": "camt.053.001.08",
    ]

    private static let setUp: Bool = {
        xmlInitParser()
        o2c_silence_generic_errors()
        return true
    }()

    /// Parses and validates `bytes` (the content of `file`) and returns its booked credits.
    public static func read(bytes: [UInt8], file: String) throws(DocumentError) -> CamtStatementFile {
        _ = setUp
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else {
            throw DocumentError(.notWellFormed, file: file, line: 1, "the file is empty; a camt.053 statement is an XML document")
        }
        let errors = XMLErrorList()
        let box = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(box, collectXMLError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        guard let ctxt = xmlNewParserCtxt() else { throw DocumentError(.notWellFormed, file: file, "libxml2 could not start a parser") }
        defer { xmlFreeParserCtxt(ctxt) }
        o2c_install_doctype_guard(ctxt)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                xmlCtxtReadMemory(ctxt, chars, Int32(buffer.count), file, nil, o2c_xml_safe_options())
            }
        }
        if o2c_doctype_refused(ctxt) != 0 {
            if let parsed { xmlFreeDoc(parsed) }
            throw DocumentError(.doctypeRefused, file: file, line: Int(ctxt.pointee.input?.pointee.line ?? 1),
                                "the file declares a DOCTYPE; a bank statement has none, and o2c reads no DTD or entity declarations (XML bomb and external-entity protection); nothing was recorded")
        }
        guard let doc = parsed, ctxt.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            let first = errors.items.first
            throw DocumentError(.notWellFormed, file: file, line: first?.line,
                                "not well-formed XML (\(first?.message ?? "the parser gave up")); the file may be truncated or damaged; nothing was recorded")
        }
        defer { xmlFreeDoc(doc) }

        guard let root = xmlDocGetRootElement(doc) else {
            throw DocumentError(.notWellFormed, file: file, line: 1, "the document has no root element; nothing was recorded")
        }
        let namespace = root.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } ?? ""
        guard localName(root) == "Document", let version = namespaces[namespace] else {
            throw DocumentError(.wrongNamespace, file: file, line: Int(xmlGetLineNo(root)), column: localName(root),
                                "the root element is <\(localName(root))> in namespace '\(namespace)', not a camt.053 statement o2c reads (\(namespaces.keys.sorted().joined(separator: " or "))); nothing was recorded")
        }
        try validate(doc, version: version, file: file, errors: errors)
        return extract(root, version: version)
    }

    /// Validates against the official XSD of `version`; the first error refuses the file.
    private static func validate(_ doc: xmlDocPtr, version: String, file: String, errors: XMLErrorList) throws(DocumentError) {
        let xsd = try CamtSchemas.path(version: version, file: file)
        guard let parserContext = xmlSchemaNewParserCtxt(xsd) else {
            throw DocumentError(.schemasMissing, file: file, "libxml2 could not read the schema \(xsd)")
        }
        let schema = xmlSchemaParse(parserContext)
        xmlSchemaFreeParserCtxt(parserContext)
        guard let schema else { throw DocumentError(.schemasMissing, file: file, "the schema \(xsd) could not be compiled") }
        defer { xmlSchemaFree(schema) }
        guard let validation = xmlSchemaNewValidCtxt(schema) else {
            throw DocumentError(.schemasMissing, file: file, "libxml2 could not start schema validation")
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        errors.items.removeAll()
        xmlSchemaSetValidStructuredErrors(validation, collectXMLError, Unmanaged.passUnretained(errors).toOpaque())
        let rc = xmlSchemaValidateDoc(validation, doc)
        if rc != 0 {
            let first = errors.items.first
            let more = errors.items.count > 1 ? " (and \(errors.items.count - 1) more problem\(errors.items.count == 2 ? "" : "s"))" : ""
            throw DocumentError(.schemaInvalid, file: file, line: first?.line, column: first?.element,
                                "the statement breaks the \(version) schema: \(first?.message ?? "validation failed")\(more); nothing was recorded")
        }
    }

    // MARK: reading the entries

    private static func extract(_ root: xmlNodePtr, version: String) -> CamtStatementFile {
        var credits: [BankEntry] = []
        var skipped: [String: Int] = [:]
        var statements = 0
        var entries = 0
        for report in children(root, "BkToCstmrStmt") {
            for stmt in children(report, "Stmt") {
                statements += 1
                let stmtID = text(child(stmt, "Id")) ?? ""
                let account = text(path(stmt, "Acct", "Id", "IBAN")) ?? text(path(stmt, "Acct", "Id", "Othr", "Id")) ?? ""
                for (index, ntry) in children(stmt, "Ntry").enumerated() {
                    entries += 1
                    if text(child(ntry, "CdtDbtInd")) != "CRDT" {
                        skipped["debit", default: 0] += 1
                        continue
                    }
                    if text(child(ntry, "RvslInd")) == "true" {
                        skipped["reversal", default: 0] += 1
                        continue
                    }
                    let status = child(ntry, "Sts").map { s in text(child(s, "Cd")) ?? text(child(s, "Prtry")) ?? text(s) ?? "" } ?? ""
                    guard status == "BOOK" else {
                        skipped["not_booked", default: 0] += 1
                        continue
                    }
                    credits += entriesOf(ntry, index: index, statementID: stmtID, account: account)
                }
            }
        }
        return CamtStatementFile(version: version, statements: statements, entries: entries, credits: credits, skipped: skipped)
    }

    /// One payment per credit entry, or one per transaction of a batch whose transaction
    /// amounts (in the entry's currency) add up to the entry.
    private static func entriesOf(_ ntry: xmlNodePtr, index: Int, statementID: String, account: String) -> [BankEntry] {
        let amountNode = child(ntry, "Amt")
        let amount = text(amountNode) ?? ""
        let currency = amountNode.flatMap { attribute($0, "Ccy") } ?? ""
        let date = dateOf(ntry, "BookgDt") ?? dateOf(ntry, "ValDt") ?? ""
        let baseKey = text(child(ntry, "AcctSvcrRef")) ?? text(child(ntry, "NtryRef"))
        let transactions = children(ntry, "NtryDtls").flatMap { children($0, "TxDtls") }
        let line = Int(xmlGetLineNo(ntry))

        func digestKey(_ parts: [String]) -> String {
            let digest = SHA256.hash(data: Data(([account, statementID, String(index)] + parts).joined(separator: "\u{1F}").utf8))
            let hex = Array("0123456789abcdef".utf8)
            return "camt:" + String(decoding: digest.prefix(16).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
        }

        if transactions.count > 1 {
            let amounts = transactions.map { tx -> (String, String)? in
                guard let node = child(tx, "Amt") ?? path(tx, "AmtDtls", "TxAmt", "Amt"), let value = text(node),
                      let ccy = attribute(node, "Ccy") else { return nil }
                return (value, ccy)
            }
            let minors = amounts.map { a -> Int64? in
                guard let a, a.1 == currency else { return nil }
                return try? Money.parseMinor(a.0, exponent: 5)
            }
            let total = try? Money.parseMinor(amount, exponent: 5)
            if minors.allSatisfy({ $0 != nil }), let total, checkedSum(minors.compactMap { $0 }) == total {
                return transactions.enumerated().map { k, tx in
                    let details = TransactionDetails(tx)
                    let txKey = text(path(tx, "Refs", "AcctSvcrRef")) ?? baseKey.map { "\($0)/\(k + 1)" }
                        ?? digestKey([String(k), amounts[k]?.0 ?? "", currency, date] + details.parts)
                    return details.entry(line: Int(xmlGetLineNo(tx)), amount: amounts[k]?.0 ?? "", currency: currency, date: date, key: txKey)
                }
            }
        }
        let details = TransactionDetails(transactions)
        let key = baseKey ?? transactions.first.flatMap { text(path($0, "Refs", "AcctSvcrRef")) }
            ?? digestKey([amount, currency, date] + details.parts)
        return [details.entry(line: line, amount: amount, currency: currency, date: date, key: key)]
    }

    private static func dateOf(_ ntry: xmlNodePtr, _ name: String) -> String? {
        if let d = text(path(ntry, name, "Dt")) { return d }
        return text(path(ntry, name, "DtTm")).map { String($0.prefix(10)) }
    }

    /// What the transactions of an entry say about the payer and the remittance.
    private struct TransactionDetails {
        var payerName: String?
        var payerAccount: String?
        var endToEndID: String?
        var structured: String?
        var texts: [String] = []

        init(_ tx: xmlNodePtr) { self.init([tx]) }

        init(_ transactions: [xmlNodePtr]) {
            for tx in transactions {
                let debtor = path(tx, "RltdPties", "Dbtr")
                payerName = payerName ?? text(child(debtor, "Nm")) ?? text(path(debtor, "Pty", "Nm"))
                    ?? text(path(tx, "RltdPties", "UltmtDbtr", "Nm")) ?? text(path(tx, "RltdPties", "UltmtDbtr", "Pty", "Nm"))
                payerAccount = payerAccount ?? text(path(tx, "RltdPties", "DbtrAcct", "Id", "IBAN"))
                    ?? text(path(tx, "RltdPties", "DbtrAcct", "Id", "Othr", "Id"))
                if let e2e = text(path(tx, "Refs", "EndToEndId")), e2e != "NOTPROVIDED" { endToEndID = endToEndID ?? e2e }
                for info in children(tx, "RmtInf") {
                    texts += children(info, "Ustrd").compactMap { text($0) }
                    for strd in children(info, "Strd") {
                        if let ref = text(path(strd, "CdtrRefInf", "Ref")) {
                            if structured == nil { structured = ref } else { texts.append(ref) }
                        }
                        texts += children(strd, "RfrdDocInf").compactMap { text(child($0, "Nb")) }
                    }
                }
            }
        }

        var parts: [String] { [payerName ?? "", payerAccount ?? "", endToEndID ?? "", structured ?? ""] + texts }

        func entry(line: Int, amount: String, currency: String, date: String, key: String) -> BankEntry {
            let joined = texts.joined(separator: " ")
            let reference = joined.isEmpty ? nil : (joined.count > 500 ? String(joined.prefix(499)) + "…" : joined)
            return BankEntry(line: line, amount: amount, currency: currency, date: date, key: key, payerName: payerName.map { String($0.prefix(200)) },
                             payerAccount: payerAccount.map { String($0.prefix(64)) }, reference: reference,
                             structuredReference: structured.map { String($0.prefix(35)) }, endToEndID: endToEndID.map { String($0.prefix(35)) })
        }
    }

    // MARK: libxml2 tree helpers

    static func localName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func children(_ node: xmlNodePtr?, _ name: String) -> [xmlNodePtr] {
        var out: [xmlNodePtr] = []
        var cursor = node?.pointee.children
        while let c = cursor {
            if c.pointee.type == XML_ELEMENT_NODE, localName(c) == name { out.append(c) }
            cursor = c.pointee.next
        }
        return out
    }

    static func child(_ node: xmlNodePtr?, _ name: String) -> xmlNodePtr? {
        var cursor = node?.pointee.children
        while let c = cursor {
            if c.pointee.type == XML_ELEMENT_NODE, localName(c) == name { return c }
            cursor = c.pointee.next
        }
        return nil
    }

    static func path(_ node: xmlNodePtr?, _ names: String...) -> xmlNodePtr? {
        var current = node
        for name in names { current = child(current, name) }
        return current
    }

    /// The trimmed text content of an element; nil when absent or empty.
    static func text(_ node: xmlNodePtr?) -> String? {
        guard let node, let content = xmlNodeGetContent(node) else { return nil }
        defer { o2c_xml_free(content) }
        let s = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        let value = name.withCString { c in c.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { xmlGetProp(node, $0) } }
        guard let value else { return nil }
        defer { o2c_xml_free(value) }
        return String(cString: value)
    }
}

/// The sum of minor units; nil when it does not fit in 64 bits.
func checkedSum(_ values: [Int64]) -> Int64? {
    var total: Int64 = 0
    for v in values {
        let (r, overflow) = total.addingReportingOverflow(v)
        if overflow { return nil }
        total = r
    }
    return total
}

/// Errors libxml2 reported while reading one document.
final class XMLErrorList {
    struct Item {
        let line: Int
        let element: String?
        let message: String
    }

    var items: [Item] = []
}

/// libxml2's structured error callback: appends to the `XMLErrorList` passed as user data.
private let collectXMLError: xmlStructuredErrorFunc = { user, error in
    guard let user, let error else { return }
    let list = Unmanaged<XMLErrorList>.fromOpaque(user).takeUnretainedValue()
    guard list.items.count < 100 else { return }
    let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
    var element: String?
    if let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE {
        element = CamtReader.localName(node)
    }
    list.items.append(XMLErrorList.Item(line: Int(error.pointee.line), element: element, message: message))
}
